package io.strata.layout.config;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A column an aggregate reads: a column of its fact ({@code reference} empty), or a column of the
 * dimension (or {@code dim_date}) a fact reference points at, joined through {@code <reference>_key}.
 *
 * @param table the curated table the column is in: the fact, a dimension or {@code dim_date}
 * @param reference the fact's dimension or date reference whose key joins {@code table}
 * @param column the column in {@code table}
 */
public record AggregateColumn(String table, Optional<String> reference, String column) {
  public AggregateColumn {
    requireNonNull(table, "table is null");
    requireNonNull(reference, "reference is null");
    requireNonNull(column, "column is null");
  }

  public static AggregateColumn ofFact(String fact, String column) {
    return new AggregateColumn(fact, Optional.empty(), column);
  }

  /** The fact column holding the surrogate key that joins {@link #table()}; empty for a fact column. */
  public Optional<String> keyColumn() {
    return reference.map(name -> name + "_key");
  }

  /** As the config writes it: {@code customer.segment}, or {@code quantity} for a fact column. */
  public String describe() {
    return reference.map(name -> name + "." + column).orElse(column);
  }
}
