package io.strata.jobs.export;

import io.strata.bench.BenchPostgres;
import io.strata.jobs.demo.DemoMariaDb;
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
 * {@code scripts/bench/export [--rows N] [--target postgresql|mysql]}: loads the same N generated
 * rows (8 columns of mixed types) into an embedded warehouse three ways in one run: Strata's export
 * load (parallel COPY, or LOAD DATA LOCAL INFILE into MariaDB, from the executors), Spark's JDBC
 * writer with its defaults, and one connection's plain bulk load of text prepared beforehand outside
 * Spark. Prints rows/s for each and ends with one line scripts can read.
 *
 * <p>It lives in the export package of its own module so it drives the same {@link BulkLoader} the
 * export stage uses, without making that class public or putting server binaries in the app jar.
 */
public final class ExportBenchmark {
  private static final String SCHEMA = "bench";
  private static final String PG_COLUMNS = "id bigint, customer_key bigint, order_date_key integer, amount numeric(12,2),"
      + " ordered_at timestamptz, note text, is_returned boolean, score double precision";
  private static final String MYSQL_COLUMNS = "id BIGINT, customer_key BIGINT, order_date_key INT, amount DECIMAL(12,2),"
      + " ordered_at DATETIME(6), note LONGTEXT, is_returned BOOLEAN, score DOUBLE";

  private ExportBenchmark() {}

  /** The warehouse a run loads into, and its plain bulk load. */
  private interface Target extends AutoCloseable {
    String describe() throws SQLException;

    WarehouseEndpoint endpoint();

    /** The URL and properties Spark's JDBC writer gets. */
    String sparkUrl();

    Properties sparkProperties();

    String columns();

    RowTextEncoder.Format format();

    /** One connection's plain bulk load of {@code text} into {@code table}. */
    long singleLoad(Connection connection, String table, byte[] text) throws Exception;
  }

  private static Target postgres() throws IOException {
    BenchPostgres postgres = BenchPostgres.start();
    String url = postgres.jdbcUrl("postgres");
    WarehouseEndpoint endpoint = new WarehouseEndpoint(url, BenchPostgres.USER, "postgres", "disable");
    return new Target() {
      public String describe() throws SQLException {
        return "PostgreSQL " + postgres.version() + " (embedded; fsync off)";
      }

      public WarehouseEndpoint endpoint() {
        return endpoint;
      }

      public String sparkUrl() {
        return url;
      }

      public Properties sparkProperties() {
        Properties properties = new Properties();
        properties.setProperty("user", BenchPostgres.USER);
        properties.setProperty("password", "postgres");
        return properties;
      }

      public String columns() {
        return PG_COLUMNS;
      }

      public RowTextEncoder.Format format() {
        return RowTextEncoder.Format.POSTGRESQL_CSV;
      }

      public long singleLoad(Connection connection, String table, byte[] text) throws Exception {
        return connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + SCHEMA + "." + table + " FROM STDIN WITH (FORMAT csv)",
            new ByteArrayInputStream(text));
      }

      public void close() throws IOException {
        postgres.close();
      }
    };
  }

  private static Target mariadb() throws IOException {
    DemoMariaDb mariadb = DemoMariaDb.start(java.nio.file.Files.createTempDirectory("strata-bench-mariadb"));
    mariadb.recreateDatabase(SCHEMA);
    String url = mariadb.jdbcUrl(SCHEMA);
    WarehouseEndpoint endpoint = new WarehouseEndpoint(url, DemoMariaDb.USER, DemoMariaDb.PASSWORD, "disable");
    return new Target() {
      public String describe() throws SQLException {
        try (Connection connection = endpoint.open()) {
          return "MariaDB " + connection.getMetaData().getDatabaseProductVersion() + " (embedded, InnoDB defaults)";
        }
      }

      public WarehouseEndpoint endpoint() {
        return endpoint;
      }

      public String sparkUrl() {
        // What a MySQL user gives Spark: MySQL's own driver (Connector/J) with its defaults.
        return url;
      }

      public Properties sparkProperties() {
        Properties properties = new Properties();
        properties.setProperty("user", DemoMariaDb.USER);
        properties.setProperty("password", DemoMariaDb.PASSWORD);
        properties.setProperty("driver", "com.mysql.cj.jdbc.Driver");
        return properties;
      }

      public String columns() {
        return MYSQL_COLUMNS;
      }

      public RowTextEncoder.Format format() {
        return RowTextEncoder.Format.MYSQL_TEXT;
      }

      public long singleLoad(Connection connection, String table, byte[] text) throws Exception {
        try (Statement statement = connection.createStatement()) {
          statement.unwrap(org.mariadb.jdbc.Statement.class).setLocalInfileInputStream(new ByteArrayInputStream(text));
          return statement.executeLargeUpdate("LOAD DATA LOCAL INFILE 'bench' INTO TABLE " + SCHEMA + "." + table
              + " CHARACTER SET utf8mb4");
        }
      }

      public void close() {
        mariadb.close();
      }
    };
  }

  public static void main(String[] args) throws Exception {
    long requested = 1_000_000;
    String target = "postgresql";
    int connections = 2;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--rows") && i + 1 < args.length) {
        requested = Long.parseLong(args[++i].replace("_", "").replace(",", ""));
      } else if (args[i].equals("--connections") && i + 1 < args.length) {
        connections = Integer.parseInt(args[++i]);
      } else if (args[i].equals("--target") && i + 1 < args.length && List.of("postgresql", "mysql").contains(args[i + 1])) {
        target = args[++i];
      } else {
        System.err.println("usage: scripts/bench/export [--rows N] [--target postgresql|mysql] [--connections N]   (default 1000000 rows into PostgreSQL over 2)");
        System.exit(2);
      }
    }
    long rows = requested;
    int width = connections;
    SparkSession spark = SparkSession.builder().master("local[2]").appName("strata-bench-export")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").config("spark.default.parallelism", "2")
        .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.session.timeZone", "UTC").getOrCreate();
    try (Target warehouse = target.equals("mysql") ? mariadb() : postgres()) {
      WarehouseEndpoint endpoint = warehouse.endpoint();
      System.out.printf("bench export: %,d rows, %s, Spark local[2]%n", rows, warehouse.describe());

      Dataset<Row> data = generate(spark, rows);
      byte[] text = text(data, warehouse.format());
      System.out.printf("bench export: rows generated and cached in Spark (%d partitions); text for the plain load: %,d bytes%n",
          data.rdd().getNumPartitions(), text.length);
      try (Connection connection = endpoint.open()) {
        execute(connection, "CREATE SCHEMA IF NOT EXISTS " + SCHEMA);
        for (String table : new String[] {"t_strata", "t_spark_jdbc", "t_single_copy"}) {
          execute(connection, "CREATE TABLE " + SCHEMA + "." + table + " (" + warehouse.columns() + ")");
        }
      }

      warmUp(warehouse, data);
      double strata = rate(rows, () -> new BulkLoader(endpoint).load(data, SCHEMA, "t_strata", width),
          target.equals("mysql") ? "strata (parallel LOAD DATA from executors)" : "strata (parallel COPY from executors)");
      double sparkJdbc = rate(rows, () -> {
        data.write().mode(SaveMode.Append).jdbc(warehouse.sparkUrl(), SCHEMA + ".t_spark_jdbc", warehouse.sparkProperties());
        return rows;
      }, "spark-jdbc (DataFrameWriter.jdbc, defaults)");
      double singleCopy = rate(rows, () -> {
        try (Connection connection = endpoint.open()) {
          return warehouse.singleLoad(connection, "t_single_copy", text);
        }
      }, target.equals("mysql") ? "single-load (one LOAD DATA, prepared text)" : "single-copy (one connection, prepared CSV)");
      try (Connection connection = endpoint.open()) {
        for (String table : new String[] {"t_strata", "t_spark_jdbc", "t_single_copy"}) {
          long count = count(connection, table);
          if (count != rows) {
            throw new IllegalStateException(table + " holds " + count + " rows, expected " + rows);
          }
        }
      }
      // The same keys for both targets, so scripts read either; target= says which.
      System.out.println(String.format(Locale.ROOT,
          "bench export: rows=%d strata=%.0f spark-jdbc=%.0f single-copy=%.0f strata/single-copy=%.2f strata/spark-jdbc=%.2f target=%s",
          rows, strata, sparkJdbc, singleCopy, strata / singleCopy, strata / sparkJdbc, target));
    } finally {
      spark.stop();
    }
  }

  /** One small load each way first, so class loading and JIT do not count against whichever path runs first. */
  private static void warmUp(Target warehouse, Dataset<Row> data) throws Exception {
    Dataset<Row> sample = data.limit(10_000);
    try (Connection connection = warehouse.endpoint().open()) {
      execute(connection, "CREATE TABLE " + SCHEMA + ".warm_up (" + warehouse.columns() + ")");
      new BulkLoader(warehouse.endpoint()).load(sample, SCHEMA, "warm_up", 2);
      sample.write().mode(SaveMode.Append).jdbc(warehouse.sparkUrl(), SCHEMA + ".warm_up", warehouse.sparkProperties());
      warehouse.singleLoad(connection, "warm_up", text(sample, warehouse.format()));
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

  /** The rows as one text, encoded on the executors by the export's own encoder, so every path loads the same bytes. */
  private static byte[] text(Dataset<Row> data, RowTextEncoder.Format format) throws IOException {
    RowTextEncoder encoder = new RowTextEncoder(data.schema(), format);
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
