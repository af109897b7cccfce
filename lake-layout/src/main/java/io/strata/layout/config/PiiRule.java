package io.strata.layout.config;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * How one column's personal data is masked before it leaves the raw layer ({@code pii = ...} on
 * a column). {@code none} declares a column that looks like PII as safe.
 *
 * <ul>
 *   <li>{@code hmac}: keyed HMAC-SHA-256, {@code encoding} hex or base64;
 *   <li>{@code mask}: keep the last (or first) {@code keep} characters, replace the other letters
 *       and digits with {@code mask-char}, keep separators;
 *   <li>{@code tokenize}: deterministic keyed token of the same shape (digits stay digits,
 *       letters stay letters, length kept, e-mails stay e-mails);
 *   <li>{@code redact}: null; {@code email-domain}: only the domain;
 *   <li>{@code truncate-date}: to the {@code truncate-to} year or month;
 *   <li>{@code generalize-number}: down to a multiple of {@code bucket}.
 * </ul>
 */
public record PiiRule(String method, String encoding, int keep, boolean keepFirst, String maskChar, String truncateTo, double bucket) {
  public static final List<String> METHODS =
      List.of("none", "hmac", "mask", "tokenize", "redact", "email-domain", "truncate-date", "generalize-number");

  public PiiRule {
    requireNonNull(method, "method is null");
    requireNonNull(encoding, "encoding is null");
    requireNonNull(maskChar, "maskChar is null");
    requireNonNull(truncateTo, "truncateTo is null");
  }

  public static PiiRule of(String method) {
    return new PiiRule(method, "hex", 4, false, "*", "month", 10);
  }

  /** No {@code pii} setting on the column: detection decides whether that is acceptable. */
  public static final String UNSET = "unset";

  public boolean masks() {
    return !method.equals("none") && !method.equals(UNSET);
  }

  /** {@code pii = none}: declared safe, so detection does not flag the column. */
  public boolean declaredSafe() {
    return method.equals("none");
  }

  /** {@code pii = hmac} or {@code pii { method = mask, keep = 4 }}. */
  static PiiRule parse(SectionReader column) {
    if (!column.has("pii")) {
      return of(UNSET);
    }
    if (!column.isSection("pii")) {
      String method = column.choice("pii", "none", METHODS);
      return of(method);
    }
    SectionReader pii = column.subsection("pii").orElseThrow();
    PiiRule rule = new PiiRule(
        pii.choice("method", "none", METHODS),
        pii.choice("encoding", "hex", List.of("hex", "base64")),
        pii.integer("keep", 4, 0, 64),
        pii.bool("keep-first", false),
        pii.string("mask-char", "*"),
        pii.choice("truncate-to", "month", List.of("year", "month")),
        pii.has("bucket") ? pii.integer("bucket", 10, 1, Integer.MAX_VALUE) : 10);
    if (rule.maskChar().length() != 1) {
      pii.problem("mask-char", "must be one character", "write mask-char = \"*\"");
    }
    pii.finish();
    return rule;
  }
}
