package io.strata.jobs.model;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What a dimension build reads: its whole source, or only the source rows that changed plus the
 * natural keys whose rows were deleted (present only in an incremental build).
 */
record DimensionInput(Dataset<Row> rows, Optional<Dataset<Row>> deletedKeys) {
  DimensionInput {
    requireNonNull(rows, "rows is null");
    requireNonNull(deletedKeys, "deletedKeys is null");
  }

  static DimensionInput whole(Dataset<Row> rows) {
    return new DimensionInput(rows, Optional.empty());
  }

  boolean incremental() {
    return deletedKeys.isPresent();
  }
}
