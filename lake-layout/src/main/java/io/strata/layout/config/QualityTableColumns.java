package io.strata.layout.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The columns a processed or curated table has, as far as the config tells, so that a check naming
 * a column that cannot exist is reported before Spark starts. Empty when the config cannot tell
 * (an entity whose drift policy adds columns, an SCD1 dimension that keeps every source column).
 */
final class QualityTableColumns {
  /** Columns the process stage adds to every processed row. */
  static final List<String> PROCESSED_AUDIT = List.of("_processed_at", "_batch_id", "_run_date", "_source", "_row_hash", "_pii_key_id");
  static final List<String> SCD2_COLUMNS = List.of("effective_from", "effective_to", "is_current", "version", "is_deleted", "row_hash");
  static final List<String> DATE_COLUMNS = List.of("date_key", "date", "day_of_week", "day_name", "day_of_month", "day_of_year",
      "iso_week", "iso_year", "month", "month_name", "quarter", "year", "is_weekend", "fiscal_year", "fiscal_quarter");

  private QualityTableColumns() {}

  static Optional<List<String>> processed(EntityConfig entity) {
    if (entity.newColumns().equals("evolve")) {
      return Optional.empty();
    }
    List<String> columns = new ArrayList<>(entity.columns().stream().map(ColumnSpec::name).toList());
    columns.addAll(PROCESSED_AUDIT);
    return Optional.of(columns);
  }

  static Optional<List<String>> dimension(DimensionConfig dimension) {
    Set<String> columns = new LinkedHashSet<>();
    columns.add(dimension.keyColumn());
    columns.addAll(dimension.naturalKey());
    if (dimension.scdType() == 2) {
      columns.addAll(dimension.tracked());
      columns.addAll(dimension.typeOne());
      columns.addAll(SCD2_COLUMNS);
    } else {
      if (dimension.attributes().isEmpty()) {
        return Optional.empty();
      }
      columns.addAll(dimension.attributes());
      columns.add("row_hash");
    }
    return Optional.of(List.copyOf(columns));
  }

  static Optional<List<String>> fact(FactConfig fact) {
    if (fact.grain().isEmpty()) {
      return Optional.empty(); // grain is missing, which is reported itself; the columns it would add are unknown
    }
    Set<String> columns = new LinkedHashSet<>();
    fact.dimensions().forEach(reference -> columns.add(reference.keyColumn()));
    fact.dates().forEach(date -> columns.add(date.keyColumn()));
    columns.addAll(fact.grain());
    columns.addAll(fact.degenerate());
    columns.addAll(fact.measures());
    columns.add(FactConfig.PARTITION_COLUMN);
    return Optional.of(List.copyOf(columns));
  }

  static Optional<List<String>> aggregate(AggregateConfig aggregate) {
    return aggregate.sql().isPresent() ? Optional.empty() : Optional.of(aggregate.outputColumns());
  }

  static Optional<List<String>> dates() {
    return Optional.of(DATE_COLUMNS);
  }
}
