package io.strata.jobs.delta;

import static org.assertj.core.api.Assertions.assertThat;

import io.delta.tables.DeltaTable;
import io.strata.jobs.testing.TestingS3Server;
import io.strata.jobs.testing.TestingSpark;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * A table that MERGE changes row by row gets deletion vectors once it is large enough to pay for
 * them, and not before: a small table's MERGE rewrites the file it touches.
 */
class RowLevelTablesIT {
  private final SparkSession spark = TestingSpark.session();
  private final String location = "s3a://" + TestingS3Server.shared().bucket(TestingSpark.LAKE_BUCKET) + "/row-level/" + UUID.randomUUID();

  @Test
  void aSmallTableKeepsNoDeletionVectorsAndItsMergeRewritesTheTouchedFile() {
    create();

    assertThat(RowLevelTables.prepareRowChanges(spark, location)).isFalse();
    assertThat(TableLog.latestVersion(spark, location)).as("no commit").isZero();
    Map<String, String> merged = updateOneRow();

    assertThat(merged).containsEntry("numTargetRowsUpdated", "1").containsEntry("numTargetFilesRemoved", "1")
        .containsEntry("numTargetDeletionVectorsAdded", "0");
    assertThat(TableLog.properties(spark, location)).doesNotContainKey(RowLevelTables.DELETION_VECTORS_PROPERTY)
        .containsEntry("delta.enableChangeDataFeed", "true");
  }

  @Test
  void aTableThatReachedTheThresholdGetsDeletionVectorsOnceBeforeItsMerge() {
    create();
    spark.conf().set(RowLevelTables.FROM_BYTES_SETTING, "1");
    try {
      assertThat(RowLevelTables.prepareRowChanges(spark, location)).as("turned on").isTrue();
      assertThat(RowLevelTables.prepareRowChanges(spark, location)).as("already on").isFalse();
    } finally {
      spark.conf().unset(RowLevelTables.FROM_BYTES_SETTING);
    }
    assertThat(TableLog.latestVersion(spark, location)).as("one metadata commit").isEqualTo(1);
    assertThat(TableLog.properties(spark, location)).containsEntry(RowLevelTables.DELETION_VECTORS_PROPERTY, "true");

    Map<String, String> merged = updateOneRow();

    assertThat(merged).containsEntry("numTargetRowsUpdated", "1").containsEntry("numTargetDeletionVectorsAdded", "1")
        .containsEntry("numTargetFilesRemoved", "0");
    assertThat(spark.read().format("delta").load(location).filter("id = 3").first().<String>getAs("name")).isEqualTo("changed");
    assertThat(spark.read().format("delta").load(location).count()).isEqualTo(10);
  }

  private void create() {
    spark.range(10).selectExpr("id", "concat('name ', id) AS name").coalesce(1).write().format("delta")
        .options(RowLevelTables.CREATE_OPTIONS).save(location);
  }

  /** Updates the row with id 3 through a MERGE; returns the MERGE's operation metrics. */
  private Map<String, String> updateOneRow() {
    DeltaTable.forPath(spark, location).as("t").merge(spark.sql("SELECT 3L AS id, 'changed' AS name").as("s"), "t.id = s.id")
        .whenMatched().updateAll().execute();
    Row last = DeltaTable.forPath(spark, location).history(1).first();
    return last.getJavaMap(last.fieldIndex("operationMetrics"));
  }
}
