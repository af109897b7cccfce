package io.strata.jobs.export;

import io.strata.bench.BenchPostgres;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.storage.StorageLevel;
import org.postgresql.PGConnection;

/**
 * {@code scripts/bench/export [--rows N]}: loads the same N generated rows (8 columns of mixed
 * types) into an embedded PostgreSQL three ways in one run: Strata's export load (parallel COPY from
 * the executors), Spark's JDBC writer with its defaults, and one connection's COPY of a CSV prepared
 * beforehand outside Spark. Prints rows/s for each and ends with one line scripts can read.
 *
 * <p>It lives in the export package of its own module so it drives the same {@link CopyLoader} the
 * export stage uses, without making that class public or putting PostgreSQL binaries in the app jar.
 */
public final class ExportBenchmark {
  private static final String SCHEMA = "bench";
  private static final String COLUMNS = "id bigint, customer_key bigint, order_date_key integer, amount numeric(12,2),"
      + " ordered_at timestamptz, note text, is_returned boolean, score double precision";

  private ExportBenchmark() {}

  public static void main(String[] args) throws Exception {
    long requested = 1_000_000;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--rows") && i + 1 < args.length) {
        requested = Long.parseLong(args[++i].replace("_", "").replace(",", ""));
      } else {
        System.err.println("usage: scripts/bench/export [--rows N]   (default 1000000)");
        System.exit(2);
      }
    }
    long rows = requested;
    SparkSession spark = SparkSession.builder().master("local[2]").appName("strata-bench-export")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").config("spark.default.parallelism", "2")
        .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.session.timeZone", "UTC").getOrCreate();
    try (BenchPostgres postgres = BenchPostgres.start()) {
      String url = postgres.jdbcUrl("postgres");
      WarehouseEndpoint endpoint = new WarehouseEndpoint(url, BenchPostgres.USER, "postgres", "disable");
      System.out.printf("bench export: %,d rows, PostgreSQL %s (embedded; fsync off), Spark local[2]%n", rows, postgres.version());

      Dataset<Row> data = generate(spark, rows);
      byte[] csv = csv(data);
      System.out.printf("bench export: rows generated and cached in Spark (%d partitions); CSV for the plain COPY: %,d bytes%n",
          data.rdd().getNumPartitions(), csv.length);
      try (Connection connection = endpoint.open()) {
        execute(connection, "CREATE SCHEMA " + SCHEMA);
        for (String table : new String[] {"t_strata", "t_spark_jdbc", "t_single_copy"}) {
          execute(connection, "CREATE TABLE " + SCHEMA + "." + table + " (" + COLUMNS + ")");
        }
      }

      warmUp(endpoint, url, data);
      double strata = rate(rows, () -> new CopyLoader(endpoint).load(data, SCHEMA, "t_strata", 2), "strata (parallel COPY from executors)");
      Properties properties = new Properties();
      properties.setProperty("user", BenchPostgres.USER);
      properties.setProperty("password", "postgres");
      double sparkJdbc = rate(rows, () -> {
        data.write().mode(SaveMode.Append).jdbc(url, SCHEMA + ".t_spark_jdbc", properties);
        return rows;
      }, "spark-jdbc (DataFrameWriter.jdbc, defaults)");
      double singleCopy = rate(rows, () -> {
        try (Connection connection = endpoint.open()) {
          return connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + SCHEMA + ".t_single_copy FROM STDIN WITH (FORMAT csv)",
              new ByteArrayInputStream(csv));
        }
      }, "single-copy (one connection, prepared CSV)");
      try (Connection connection = endpoint.open()) {
        for (String table : new String[] {"t_strata", "t_spark_jdbc", "t_single_copy"}) {
          long count = count(connection, table);
          if (count != rows) {
            throw new IllegalStateException(table + " holds " + count + " rows, expected " + rows);
          }
        }
      }
      System.out.println(String.format(Locale.ROOT,
          "bench export: rows=%d strata=%.0f spark-jdbc=%.0f single-copy=%.0f strata/single-copy=%.2f strata/spark-jdbc=%.2f",
          rows, strata, sparkJdbc, singleCopy, strata / singleCopy, strata / sparkJdbc));
    } finally {
      spark.stop();
    }
  }

  /** One small load each way first, so class loading and JIT do not count against whichever path runs first. */
  private static void warmUp(WarehouseEndpoint endpoint, String url, Dataset<Row> data) throws Exception {
    Dataset<Row> sample = data.limit(10_000);
    try (Connection connection = endpoint.open()) {
      execute(connection, "CREATE TABLE " + SCHEMA + ".warm_up (" + COLUMNS + ")");
      new CopyLoader(endpoint).load(sample, SCHEMA, "warm_up", 2);
      Properties properties = new Properties();
      properties.setProperty("user", BenchPostgres.USER);
      properties.setProperty("password", "postgres");
      sample.write().mode(SaveMode.Append).jdbc(url, SCHEMA + ".warm_up", properties);
      connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + SCHEMA + ".warm_up FROM STDIN WITH (FORMAT csv)",
          new ByteArrayInputStream(csv(sample)));
      execute(connection, "DROP TABLE " + SCHEMA + ".warm_up");
    }
  }

  private static Dataset<Row> generate(SparkSession spark, long rows) {
    Dataset<Row> data = spark.range(0, rows, 1, 2).selectExpr(
        "id",
        "id % 50000 AS customer_key",
        "CAST(date_format(date_add(DATE'2026-01-01', CAST(id % 365 AS INT)), 'yyyyMMdd') AS INT) AS order_date_key",
        "CAST((id % 100000) / 100.0 AS DECIMAL(12,2)) AS amount",
        "timestamp_micros(1767225600000000 + id * 1000003) AS ordered_at",
        "CASE WHEN id % 10 = 0 THEN NULL WHEN id % 10 = 1 THEN 'say \"hi\", ok' ELSE concat('order note ', id) END AS note",
        "id % 7 = 0 AS is_returned",
        "id / 3.0D AS score").persist(StorageLevel.MEMORY_ONLY());
    data.count();
    return data;
  }

  /** The rows as one CSV, encoded on the executors by the export's own encoder, so every path loads the same bytes. */
  private static byte[] csv(Dataset<Row> data) throws IOException {
    CopyCsvEncoder encoder = new CopyCsvEncoder(data.schema());
    List<byte[]> parts = data.queryExecution().toRdd().toJavaRDD().mapPartitions((FlatMapFunction<Iterator<InternalRow>, byte[]>) rows -> {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 20);
      CopyBuffer out = new CopyBuffer(bytes, CopyBuffer.DEFAULT_BYTES);
      while (rows.hasNext()) {
        encoder.write(rows.next(), out);
      }
      out.flush();
      return List.of(bytes.toByteArray()).iterator();
    }).collect();
    ByteArrayOutputStream all = new ByteArrayOutputStream(1 << 24);
    for (byte[] part : parts) {
      all.write(part);
    }
    return all.toByteArray();
  }

  private interface Load {
    long run() throws Exception;
  }

  private static double rate(long rows, Load load, String what) throws Exception {
    long start = System.nanoTime();
    long loaded = load.run();
    double seconds = (System.nanoTime() - start) / 1e9;
    double rate = rows / seconds;
    System.out.println(String.format(Locale.ROOT, "bench export: %-45s %,10d rows in %6.2f s = %,12.0f rows/s", what, loaded, seconds, rate));
    return rate;
  }

  private static long count(Connection connection, String table) throws SQLException {
    try (Statement statement = connection.createStatement();
         java.sql.ResultSet result = statement.executeQuery("SELECT count(*) FROM " + SCHEMA + "." + table)) {
      result.next();
      return result.getLong(1);
    }
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
