package io.strata.layout.config;

import static java.util.Objects.requireNonNull;

import java.util.function.Supplier;

/**
 * A password, token or key. Its value is read only through {@link #reveal()}; {@code toString}
 * shows where it comes from ({@code env:WAREHOUSE_PASSWORD}), never what it is.
 */
public final class Secret {
  private final String reference;
  private final Supplier<String> value;

  Secret(String reference, Supplier<String> value) {
    this.reference = requireNonNull(reference, "reference is null");
    this.value = requireNonNull(value, "value is null");
  }

  /** For tests and for secrets made at run time (e.g. a generated demo password). */
  public static Secret of(String reference, String value) {
    requireNonNull(value, "value is null");
    return new Secret(reference, () -> value);
  }

  /** Where the value comes from, e.g. {@code env:PG_PASSWORD}; safe to print. */
  public String reference() {
    return reference;
  }

  /** Whether the value can be read now (an environment variable may be unset where a stage does not need it). */
  public boolean isAvailable() {
    try {
      value.get();
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  public String reveal() {
    return value.get();
  }

  @Override
  public String toString() {
    return "Secret(" + reference + ")";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Secret secret && secret.reference.equals(reference);
  }

  @Override
  public int hashCode() {
    return reference.hashCode();
  }
}
