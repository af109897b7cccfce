package io.strata.jobs.delta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.delta.tables.DeltaTable;
import io.strata.jobs.testing.TestingS3Server;
import io.strata.jobs.testing.TestingSpark;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Rows appended from the driver through Delta Kernel are what Spark reads back, value for value,
 * in the S3 lake the tests share; the log gets its checkpoints as Spark's own writes would.
 */
class DriverAppendIT {
  private final SparkSession spark = TestingSpark.session();
  private final String location = "s3a://" + TestingS3Server.shared().bucket(TestingSpark.LAKE_BUCKET) + "/driver-append/" + UUID.randomUUID();

  @Test
  void appendedRowsReadBackThroughSparkWithTheirValues() {
    spark.sql("SELECT 'created' AS name, 0L AS amount, DATE'2026-03-01' AS day, TIMESTAMP'2026-03-01 00:00:00' AS at, 0.5D AS ratio")
        .write().format("delta").save(location);
    Instant at = Instant.parse("2026-03-02T10:15:30.123456Z");

    long version = new DriverAppend(spark.sparkContext().hadoopConfiguration(), location).append(List.of(
        row("a", 7L, LocalDate.of(2026, 3, 2), at, 0.25),
        row(null, null, null, null, null)));

    assertThat(version).isEqualTo(1);
    List<Row> rows = spark.read().format("delta").load(location).where("name IS NULL OR name = 'a'").orderBy("name").collectAsList();
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).anyNull()).isTrue();
    assertThat(rows.get(0).isNullAt(0)).isTrue();
    assertThat(rows.get(1).getString(0)).isEqualTo("a");
    assertThat(rows.get(1).getLong(1)).isEqualTo(7L);
    assertThat(rows.get(1).getDate(2)).isEqualTo(Date.valueOf(LocalDate.of(2026, 3, 2)));
    assertThat(rows.get(1).getTimestamp(3).toInstant()).isEqualTo(at);
    assertThat(rows.get(1).getDouble(4)).isEqualTo(0.25);
    assertThat(DeltaTable.forPath(spark, location).history(1).first().<String>getAs("operation")).isEqualTo("WRITE");
  }

  @Test
  void createsTheTableWithItsFirstRowsUnlessOneIsThere() {
    io.delta.kernel.types.StructType schema = new io.delta.kernel.types.StructType()
        .add("name", io.delta.kernel.types.StringType.STRING, false).add("amount", io.delta.kernel.types.LongType.LONG, true);
    DriverAppend append = new DriverAppend(spark.sparkContext().hadoopConfiguration(), location);

    assertThat(append.create(schema, List.of(Map.of("name", "first", "amount", 1L)))).isTrue();
    assertThat(append.create(schema, List.of(Map.of("name", "second", "amount", 2L)))).as("a table is there").isFalse();

    org.apache.spark.sql.Dataset<Row> table = spark.read().format("delta").load(location);
    assertThat(table.collectAsList()).extracting(row -> row.getString(0), row -> row.getLong(1))
        .containsExactly(org.assertj.core.groups.Tuple.tuple("first", 1L));
    assertThat(table.schema().apply("name").nullable()).isFalse();
    assertThat(table.schema().apply("amount").nullable()).isTrue();
    assertThat(TableLog.latestVersion(spark, location)).isZero();
  }

  @Test
  void theLogIsCheckpointedEveryTenCommits() throws Exception {
    spark.sql("SELECT 'created' AS name").write().format("delta").save(location);
    DriverAppend append = new DriverAppend(spark.sparkContext().hadoopConfiguration(), location);

    for (int i = 1; i <= 10; i++) {
      append.append(List.of(Map.of("name", "line " + i)));
    }

    Path checkpoint = new Path(location + "/_delta_log/00000000000000000010.checkpoint.parquet");
    assertThat(checkpoint.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(checkpoint)).isTrue();
    assertThat(spark.read().format("delta").load(location).count()).isEqualTo(11);
  }

  @Test
  void aValueOfTheWrongTypeNamesTheColumn() {
    spark.sql("SELECT 0L AS amount").write().format("delta").save(location);

    assertThatThrownBy(() -> new DriverAppend(spark.sparkContext().hadoopConfiguration(), location).append(List.of(Map.of("amount", "seven"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("column amount of type long cannot take a String");
    assertThat(spark.read().format("delta").load(location).count()).isEqualTo(1);
  }

  private static Map<String, Object> row(String name, Long amount, LocalDate day, Instant at, Double ratio) {
    Map<String, Object> row = new HashMap<>();
    row.put("ratio", ratio);
    row.put("name", name);
    row.put("amount", amount);
    row.put("day", day == null ? null : Date.valueOf(day));
    row.put("at", at == null ? null : Timestamp.from(at));
    return row;
  }
}
