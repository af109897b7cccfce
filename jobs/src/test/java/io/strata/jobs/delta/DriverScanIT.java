package io.strata.jobs.delta;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.jobs.testing.TestingS3Server;
import io.strata.jobs.testing.TestingSpark;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Rows read on the driver through Delta Kernel are the rows Spark reads, value for value: over
 * several commits, without the rows a deletion vector removed, and none where no table is.
 */
class DriverScanIT {
  private final SparkSession spark = TestingSpark.session();
  private final String location = "s3a://" + TestingS3Server.shared().bucket(TestingSpark.LAKE_BUCKET) + "/driver-scan/" + UUID.randomUUID();

  @Test
  void readsTheRowsSparkReadsWithTheirValuesAndWithoutDeletedOnes() {
    spark.sql("SELECT 'a' AS name, 7L AS amount, DATE'2026-03-02' AS day, TIMESTAMP'2026-03-02 10:15:30.123456' AS at, 'x' AS other")
        .write().format("delta").option("delta.enableDeletionVectors", "true").save(location);
    spark.sql("SELECT CAST(NULL AS STRING) AS name, CAST(NULL AS BIGINT) AS amount, CAST(NULL AS DATE) AS day, "
        + "CAST(NULL AS TIMESTAMP) AS at, 'y' AS other UNION ALL SELECT 'gone', 1L, DATE'2026-03-01', TIMESTAMP'2026-03-01 00:00:00', 'z'")
        .coalesce(1).write().format("delta").mode("append").save(location);
    spark.sql("DELETE FROM delta.`" + location + "` WHERE name = 'gone'");
    Map<String, String> deleted = io.delta.tables.DeltaTable.forPath(spark, location).history(1).first().getJavaMap(
        io.delta.tables.DeltaTable.forPath(spark, location).history(1).first().fieldIndex("operationMetrics"));
    assertThat(deleted).as("the delete left a deletion vector, not a rewrite").containsEntry("numDeletionVectorsAdded", "1");

    List<Map<String, Object>> rows = new ArrayList<>();
    boolean exists = new DriverScan(spark.sparkContext().hadoopConfiguration(), location).read(List.of("name", "amount", "day", "at"), rows::add);

    assertThat(exists).isTrue();
    rows.sort(Comparator.comparing(row -> String.valueOf(row.get("name"))));
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0)).containsEntry("name", "a").containsEntry("amount", 7L)
        .containsEntry("day", Date.valueOf(LocalDate.of(2026, 3, 2)))
        .containsEntry("at", Timestamp.from(Instant.parse("2026-03-02T10:15:30.123456Z")))
        .doesNotContainKey("other");
    assertThat(rows.get(1)).containsEntry("name", null).containsEntry("amount", null).containsEntry("day", null).containsEntry("at", null);
  }

  @Test
  void aFileReadBeforeADeleteAddedItsDeletionVectorIsReadWithoutTheDeletedRowsAfterIt() {
    spark.sql("SELECT 'kept' AS name UNION ALL SELECT 'gone'").coalesce(1).write().format("delta")
        .option("delta.enableDeletionVectors", "true").save(location);
    DriverScan scan = new DriverScan(spark.sparkContext().hadoopConfiguration(), location);
    List<Object> before = new ArrayList<>();
    scan.read(List.of("name"), row -> before.add(row.get("name")));
    spark.sql("DELETE FROM delta.`" + location + "` WHERE name = 'gone'");

    List<Object> after = new ArrayList<>();
    scan.read(List.of("name"), row -> after.add(row.get("name")));
    List<Object> again = new ArrayList<>();
    scan.read(List.of("name"), row -> again.add(row.get("name")));

    assertThat(before).containsExactlyInAnyOrder("kept", "gone");
    assertThat(after).containsExactly("kept");
    assertThat(again).containsExactly("kept");
  }

  @Test
  void aLocationWithoutATableReadsNoRows() {
    List<Map<String, Object>> rows = new ArrayList<>();

    assertThat(new DriverScan(spark.sparkContext().hadoopConfiguration(), location).read(List.of("name"), rows::add)).isFalse();
    assertThat(rows).isEmpty();
  }
}
