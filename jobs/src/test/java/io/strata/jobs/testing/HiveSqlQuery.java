package io.strata.jobs.testing;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Another Spark application sharing a Hive metastore, as a BI or notebook user would start one:
 * {@code HiveSqlQuery thrift://host:port SQL...} runs each statement and prints each row as
 * {@code row: a|b|c}. Runs in a child JVM with the Hive classes ({@link TestingHiveMetastore#hiveClasspath()}).
 */
public final class HiveSqlQuery {
  private HiveSqlQuery() {}

  public static void main(String[] args) {
    SparkSession spark = SparkSession.builder().master("local[1]").appName("hive-sql-query")
        .config("spark.sql.catalogImplementation", "hive")
        .config("spark.hadoop.hive.metastore.uris", args[0])
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .getOrCreate();
    for (String sql : Arrays.copyOfRange(args, 1, args.length)) {
      System.out.println("sql: " + sql);
      for (Row row : spark.sql(sql).collectAsList()) {
        System.out.println("row: " + rowText(row));
      }
    }
    spark.stop();
  }

  private static String rowText(Row row) {
    return java.util.stream.IntStream.range(0, row.length()).mapToObj(i -> String.valueOf(row.get(i))).collect(Collectors.joining("|"));
  }
}
