package io.strata.layout.config;

import static java.util.Objects.requireNonNull;

/**
 * One thing wrong with a pipeline config: where ({@code file:line}), which key, what is wrong and
 * how to fix it. Messages never contain secret values.
 */
public record ConfigProblem(String location, String key, String message, String fix) {
  public ConfigProblem {
    requireNonNull(location, "location is null");
    requireNonNull(key, "key is null");
    requireNonNull(message, "message is null");
    requireNonNull(fix, "fix is null");
  }

  /** {@code conf/local.conf:12: lake.root: is not a URI. Fix: write s3a://bucket/prefix} */
  public String render() {
    String head = location.isEmpty() ? "" : location + ": ";
    String what = key.isEmpty() ? message : key + ": " + message;
    return fix.isEmpty() ? head + what : head + what + ". Fix: " + fix;
  }

  @Override
  public String toString() {
    return render();
  }
}
