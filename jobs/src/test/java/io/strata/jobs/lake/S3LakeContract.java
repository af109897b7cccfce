package io.strata.jobs.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.delta.tables.DeltaTable;
import io.strata.layout.LakeLayout;
import io.strata.layout.StrataException;
import java.net.URI;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * What Strata needs from an S3 lake, run against every S3 server the tests know: S3Proxy
 * in-process always, LocalStack where Docker is present.
 */
abstract class S3LakeContract {
  private static final StructType CUSTOMERS = new StructType()
      .add("customer_id", DataTypes.LongType, false)
      .add("name", DataTypes.StringType, true)
      .add("signed_up", DataTypes.DateType, true);

  protected abstract SparkSession spark();

  /** {@code s3a://bucket} of an existing bucket on the server under test. */
  protected abstract String bucketUri();

  private LakeLayout freshLake() {
    return new LakeLayout(URI.create(bucketUri() + "/lake-" + UUID.randomUUID()));
  }

  private Dataset<Row> customers(Object[]... rows) {
    List<Row> list = java.util.Arrays.stream(rows).map(RowFactory::create).toList();
    return spark().createDataFrame(list, CUSTOMERS);
  }

  @Test
  void writesAndReadsParquetInTheRawLayout() {
    LakeLayout lake = freshLake();
    String batch = lake.rawBatch("shop", "customers", LocalDate.of(2026, 3, 1), "b1").uri();

    customers(new Object[] {1L, "Ada", Date.valueOf("2026-01-05")}, new Object[] {2L, "Zoë Ünïcode", null})
        .write().parquet(batch);
    List<Row> read = spark().read().parquet(lake.rawEntity("shop", "customers").uri())
        .orderBy("customer_id").collectAsList();

    assertThat(batch).startsWith(bucketUri() + "/lake-").endsWith("/raw/shop/customers/ingest_date=2026-03-01/batch_id=b1");
    assertThat(read).extracting(row -> row.getLong(0), row -> row.getString(1), row -> row.get(2), row -> row.get(3).toString(), row -> row.getString(4))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1L, "Ada", Date.valueOf("2026-01-05"), "2026-03-01", "b1"),
            org.assertj.core.groups.Tuple.tuple(2L, "Zoë Ünïcode", null, "2026-03-01", "b1"));
  }

  @Test
  void writesDeltaAndMergesChanges() {
    LakeLayout lake = freshLake();
    String table = lake.processed("customers").uri();
    customers(new Object[] {1L, "Ada", Date.valueOf("2026-01-05")}, new Object[] {2L, "Grace", Date.valueOf("2026-02-01")})
        .write().format("delta").save(table);

    DeltaTable.forPath(spark(), table).as("t")
        .merge(customers(new Object[] {2L, "Grace Hopper", Date.valueOf("2026-02-01")}, new Object[] {3L, "Edsger", null}).as("s"),
            "t.customer_id = s.customer_id")
        .whenMatched().updateAll()
        .whenNotMatched().insertAll()
        .execute();

    List<Row> rows = spark().read().format("delta").load(table).orderBy("customer_id").collectAsList();
    assertThat(rows).extracting(row -> row.getLong(0), row -> row.getString(1))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1L, "Ada"),
            org.assertj.core.groups.Tuple.tuple(2L, "Grace Hopper"),
            org.assertj.core.groups.Tuple.tuple(3L, "Edsger"));
    assertThat(DeltaTable.forPath(spark(), table).history().count()).isEqualTo(2);
  }

  @Test
  void aMissingBucketIsReportedAgainstLakeRoot() {
    String missing = "s3a://no-such-bucket-" + UUID.randomUUID().toString().substring(0, 8) + "/lake";

    assertThatThrownBy(() -> LakeRootCheck.verify(new LakeLayout(URI.create(missing)), spark().sparkContext().hadoopConfiguration()))
        .isInstanceOf(io.strata.layout.config.StrataConfigException.class)
        .hasMessageContaining("lake.root: bucket '" + URI.create(missing).getHost() + "' of " + missing + " does not exist. "
            + "Fix: create the bucket, or correct lake.root");
  }

  @Test
  void anExistingBucketPassesTheRootCheck() {
    LakeRootCheck.verify(freshLake(), spark().sparkContext().hadoopConfiguration());
  }
}
