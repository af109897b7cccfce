package io.strata.jobs.model;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What a dimension build reads: its whole source, or only the source rows that changed plus the
 * natural keys whose rows were deleted (present only in an incremental build). {@code onePerKey}:
 * the rows hold one row per natural key, as a processed entity keyed on it does.
 */
record DimensionInput(Dataset<Row> rows, Optional<Dataset<Row>> deletedKeys, boolean onePerKey) {
  DimensionInput {
    requireNonNull(rows, "rows is null");
    requireNonNull(deletedKeys, "deletedKeys is null");
  }

  static DimensionInput whole(Dataset<Row> rows, boolean onePerKey) {
    return new DimensionInput(rows, Optional.empty(), onePerKey);
  }

  boolean incremental() {
    return deletedKeys.isPresent();
  }
}
