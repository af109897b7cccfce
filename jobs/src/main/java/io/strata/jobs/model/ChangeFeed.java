package io.strata.jobs.model;

import static org.apache.spark.sql.functions.col;

import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The rows a Delta table's change data feed recorded for versions {@code after + 1 .. upTo}, read
 * and held in memory (the change, not the table). When the feed cannot answer (it was off for a
 * version of the range, or the range was vacuumed), the reason is returned instead and the caller
 * rebuilds from the whole table.
 */
final class ChangeFeed {
  static final String CHANGE_TYPE = "_change_type";
  static final String COMMIT_VERSION = "_commit_version";
  static final String COMMIT_TIMESTAMP = "_commit_timestamp";
  static final String INSERT = "insert";
  static final String PREIMAGE = "update_preimage";
  static final String POSTIMAGE = "update_postimage";
  static final String DELETE = "delete";

  /** Either the change rows or why there are none to trust. */
  record Read(Optional<Dataset<Row>> rows, String problem) {
    static Read of(Dataset<Row> rows) {
      return new Read(Optional.of(rows), "");
    }

    static Read unavailable(String problem) {
      return new Read(Optional.empty(), problem);
    }
  }

  private ChangeFeed() {}

  static Read read(SparkSession spark, String location, long after, long upTo) {
    try {
      Dataset<Row> rows = spark.read().format("delta").option("readChangeFeed", "true").option("startingVersion", after + 1)
          .option("endingVersion", upTo).load(location).localCheckpoint();
      return Read.of(rows);
    } catch (Exception e) { // Delta's AnalysisException is checked in Java's eyes but undeclared; a vacuumed file fails at read
      String message = String.valueOf(e.getMessage()).lines().findFirst().orElse(e.getClass().getSimpleName());
      return Read.unavailable("the change feed of versions " + (after + 1) + " to " + upTo + " cannot be read (" + message + ")");
    }
  }

  /** The change rows without the feed's own columns, as the table's rows look. */
  static Dataset<Row> asRows(Dataset<Row> changes) {
    return changes.drop(CHANGE_TYPE, COMMIT_VERSION, COMMIT_TIMESTAMP);
  }

  static org.apache.spark.sql.Column isAfterImage() {
    return col(CHANGE_TYPE).isin(INSERT, POSTIMAGE);
  }
}
