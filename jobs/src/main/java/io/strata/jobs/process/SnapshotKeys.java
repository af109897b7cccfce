package io.strata.jobs.process;

import static io.strata.jobs.spark.SqlIdentifiers.quoted;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.strata.layout.config.EntityConfig;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The keys of a full-snapshot entity's newest raw batch: every key the source still holds. Rows
 * that were quarantined count too (their key is still at the source). When a quarantined row has
 * no key, or the newest batch is empty, nothing can be told deleted, and nothing is.
 */
final class SnapshotKeys {
  private SnapshotKeys() {}

  static Optional<Dataset<Row>> of(Dataset<Row> standardized, EntityConfig entity, List<RawBatch> batches, List<String> events) {
    RawBatch newest = batches.get(batches.size() - 1);
    Dataset<Row> snapshot = standardized.filter(col(ProcessJob.BATCH_ID).equalTo(lit(newest.batchId())));
    Column keyMissing = lit(false);
    for (String key : entity.key()) {
      keyMissing = keyMissing.or(col(quoted(key)).isNull());
    }
    Row counts = snapshot.agg(org.apache.spark.sql.functions.count(lit(1)),
        org.apache.spark.sql.functions.sum(org.apache.spark.sql.functions.when(keyMissing, 1).otherwise(0))).first();
    long rows = counts.getLong(0);
    long keyless = counts.isNullAt(1) ? 0 : counts.getLong(1);
    if (rows == 0) {
      events.add("the newest snapshot batch holds no rows: no key is taken as deleted (an empty read is more likely a fault than a source "
          + "that dropped every row)");
      return Optional.empty();
    }
    if (keyless > 0) {
      events.add(String.format("%,d quarantined row(s) of the newest snapshot have no key: no key is taken as deleted this run", keyless));
      return Optional.empty();
    }
    return Optional.of(snapshot.select(entity.key().stream().map(key -> col(quoted(key))).toArray(Column[]::new)).distinct());
  }
}
