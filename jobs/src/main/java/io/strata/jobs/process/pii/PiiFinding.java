package io.strata.jobs.process.pii;

import static java.util.Objects.requireNonNull;

/**
 * A column that looks like PII.
 *
 * @param column the processed column name
 * @param kind what it looks like, a {@link PiiKind#code()} such as {@code email}
 * @param evidence why, for people: {@code 92% of 1,000 sampled values are e-mail addresses}
 */
public record PiiFinding(String column, String kind, String evidence) {
  public PiiFinding {
    requireNonNull(column, "column is null");
    requireNonNull(kind, "kind is null");
    requireNonNull(evidence, "evidence is null");
  }

  static PiiFinding byName(String column, PiiKind kind) {
    return new PiiFinding(column, kind.code(), "column name '" + column + "' suggests " + kind.description());
  }
}
