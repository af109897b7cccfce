package io.strata.layout.config;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * The {@code metrics} section. Every run's metrics are written to the lake ({@code _runs/metrics})
 * and, with a warehouse, to its {@code pipeline_metrics}; a Pushgateway gets them too when set.
 */
public record MetricsConfig(Optional<Pushgateway> pushgateway) {
  public MetricsConfig {
    requireNonNull(pushgateway, "pushgateway is null");
  }

  /**
   * Where a run pushes its metrics when it ends, grouped by {@code job} and {@code pipeline} so
   * each push replaces the pipeline's previous run.
   */
  public record Pushgateway(URI url, String job, Optional<String> user, Optional<Secret> password, Duration timeout) {
    public Pushgateway {
      requireNonNull(url, "url is null");
      requireNonNull(job, "job is null");
      requireNonNull(user, "user is null");
      requireNonNull(password, "password is null");
      requireNonNull(timeout, "timeout is null");
    }
  }

  public static MetricsConfig defaults() {
    return new MetricsConfig(Optional.empty());
  }

  static MetricsConfig parse(SectionReader reader) {
    return new MetricsConfig(reader.section("pushgateway", MetricsConfig::pushgateway));
  }

  private static Pushgateway pushgateway(SectionReader reader) {
    String text = reader.requiredString("url", "write url = \"http://pushgateway:9091\"");
    URI url = URI.create("http://localhost:9091");
    try {
      url = URI.create(text);
      if (!(("http".equals(url.getScheme()) || "https".equals(url.getScheme())) && url.getHost() != null)) {
        reader.problem("url", "is not an http:// or https:// URL with a host", "write url = \"http://pushgateway:9091\"");
      } else if (url.getUserInfo() != null) {
        // Printed in progress lines and logs: credentials go in user and password (a secret reference).
        reader.problem("url", "holds a user and password (not shown)", "move them to user = ... and password = \"env:PUSHGATEWAY_PASSWORD\"");
      }
    } catch (IllegalArgumentException e) {
      reader.problem("url", "is not a valid URL", "write url = \"http://pushgateway:9091\"");
    }
    String job = reader.string("job", "strata");
    Optional<String> user = reader.optionalString("user");
    Optional<Secret> password = reader.has("password")
        ? Optional.of(reader.requiredDeferredSecret("password", "write password = \"env:PUSHGATEWAY_PASSWORD\"")) : Optional.empty();
    if (password.isPresent() != user.isPresent()) {
      reader.problem(user.isPresent() ? "password" : "user", "is not set, but " + (user.isPresent() ? "user" : "password") + " is",
          "set both user and password for basic authentication, or neither");
    }
    Duration timeout = reader.duration("timeout", Duration.ofSeconds(10), Duration.ofMillis(100));
    return new Pushgateway(url, job, user, password, timeout);
  }
}
