package io.strata.bench.e2e;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;

/**
 * The same retail star built the way a script around an embedded engine would: DuckDB (2 threads,
 * a database file on local disk) reads the same CSV inputs into raw tables (ingest), types,
 * quarantines, deduplicates and masks them (process, the same keyed HMAC-SHA-256 of the e-mail
 * as Strata's, computed in SQL), builds the dimensions, {@code dim_date} and the fact (model), runs
 * the same checks (quality), and loads each table into PostgreSQL with one {@code COPY} each, then
 * the same keys and indexes Strata's export built (export).
 */
final class DuckDbStar {
  /** The warehouse schema DuckDB's star goes to, next to Strata's. */
  static final String SCHEMA = "duckdb";

  private final Path input;
  private final Path directory;
  private final String piiKey;

  DuckDbStar(Path input, Path directory, String piiKey) {
    this.input = requireNonNull(input, "input is null");
    this.directory = requireNonNull(directory, "directory is null");
    this.piiKey = requireNonNull(piiKey, "piiKey is null");
  }

  /** Builds the star and loads it into {@code warehouse}; returns each stage's time, in run order. */
  Map<String, Duration> run(Connection warehouse, String indexesFromSchema, PrintStream out) throws IOException, SQLException {
    Files.createDirectories(directory);
    Files.deleteIfExists(directory.resolve("star.duckdb"));
    Files.deleteIfExists(directory.resolve("star.duckdb.wal"));
    Map<String, Duration> times = new LinkedHashMap<>();
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:" + directory.resolve("star.duckdb"));
        Statement sql = duck.createStatement()) {
      sql.execute("SET threads = 2");
      sql.execute("SET preserve_insertion_order = false");
      times.put("ingest", timed(() -> ingest(sql)));
      times.put("process", timed(() -> process(sql)));
      times.put("model", timed(() -> model(sql)));
      times.put("quality", timed(() -> quality(sql)));
      times.put("export", timed(() -> export(sql, warehouse, indexesFromSchema)));
      out.printf(Locale.ROOT, "bench e2e: duckdb %s: %s%n", version(sql), describe(times));
    }
    return times;
  }

  private void ingest(Statement sql) throws SQLException {
    raw(sql, "order_lines", input.resolve("lines").resolve("*.csv"));
    raw(sql, "products", input.resolve("products.csv"));
    raw(sql, "customers", input.resolve("customers.csv"));
    raw(sql, "suppliers", input.resolve("suppliers.csv"));
  }

  private static void raw(Statement sql, String table, Path files) throws SQLException {
    sql.execute("CREATE OR REPLACE TABLE raw_" + table + " AS SELECT *, now() AS _ingested_at FROM read_csv(" + literal(files.toString())
        + ", header = true, all_varchar = true)");
  }

  private void process(Statement sql) throws SQLException {
    String time = "%Y-%m-%d %H:%M:%S";
    processed(sql, "order_lines", List.of("order_id", "line_number"), "order_ts", Map.of(
        "order_id", "TRY_CAST(order_id AS BIGINT)", "line_number", "TRY_CAST(line_number AS INTEGER)",
        "order_ts", "TRY_STRPTIME(order_ts, '" + time + "')", "customer_id", "TRY_CAST(customer_id AS BIGINT)",
        "product_id", "TRY_CAST(product_id AS BIGINT)", "supplier_id", "TRY_CAST(supplier_id AS BIGINT)",
        "quantity", "TRY_CAST(quantity AS INTEGER)", "unit_price", "TRY_CAST(unit_price AS DECIMAL(10,2))",
        "discount", "TRY_CAST(discount AS DECIMAL(10,2))"));
    processed(sql, "products", List.of("product_id"), "updated_at", Map.of("product_id", "TRY_CAST(product_id AS BIGINT)",
        "name", "name", "category", "category", "price", "TRY_CAST(price AS DECIMAL(10,2))", "supplier_id",
        "TRY_CAST(supplier_id AS BIGINT)", "updated_at", "TRY_STRPTIME(updated_at, '" + time + "')"));
    processed(sql, "customers", List.of("customer_id"), "updated_at", Map.of("customer_id", "TRY_CAST(customer_id AS BIGINT)",
        "name", "name", "email", hmac("email"), "city", "city", "segment", "segment", "updated_at",
        "TRY_STRPTIME(updated_at, '" + time + "')"));
    processed(sql, "suppliers", List.of("supplier_id"), "updated_at", Map.of("supplier_id", "TRY_CAST(supplier_id AS BIGINT)",
        "name", "name", "country", "country", "updated_at", "TRY_STRPTIME(updated_at, '" + time + "')"));
  }

  /**
   * Types the raw rows; a row whose value does not convert, or whose key is missing, goes to
   * {@code quarantine_<table>}; the rest, one row per key (the latest by {@code order}), to
   * {@code processed_<table>}.
   */
  private static void processed(Statement sql, String table, List<String> key, String order, Map<String, String> typed)
      throws SQLException {
    List<String> columns = new ArrayList<>(typed.keySet());
    columns.sort(null);
    StringBuilder select = new StringBuilder();
    StringBuilder bad = new StringBuilder("false");
    for (String column : columns) {
      select.append(typed.get(column)).append(" AS ").append(column).append(", ");
      if (!typed.get(column).equals(column) && !column.equals("email")) {
        bad.append(" OR (").append(column).append(" IS NOT NULL AND ").append(typed.get(column)).append(" IS NULL)");
      }
    }
    for (String part : key) {
      bad.append(" OR ").append(part).append(" IS NULL");
    }
    sql.execute("CREATE OR REPLACE TEMP TABLE typed_" + table + " AS SELECT " + select + "(" + bad + ") AS _bad FROM raw_" + table);
    sql.execute("CREATE OR REPLACE TABLE quarantine_" + table + " AS SELECT * EXCLUDE (_bad) FROM typed_" + table + " WHERE _bad");
    sql.execute("CREATE OR REPLACE TABLE processed_" + table + " AS SELECT * EXCLUDE (_bad), now() AS _processed_at FROM typed_" + table
        + " WHERE NOT _bad QUALIFY row_number() OVER (PARTITION BY " + String.join(", ", key) + " ORDER BY " + order
        + " DESC NULLS LAST) = 1");
    sql.execute("DROP TABLE typed_" + table);
  }

  /** HMAC-SHA-256 (RFC 2104) of the column's UTF-8 text with the pipeline's key, as lower-case hex: Strata's {@code pii = hmac}. */
  String hmac(String column) {
    byte[] key = piiKey.getBytes(StandardCharsets.UTF_8);
    if (key.length > 64) {
      try {
        key = MessageDigest.getInstance("SHA-256").digest(key);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
    byte[] inner = new byte[64];
    byte[] outer = new byte[64];
    for (int i = 0; i < 64; i++) {
      byte k = i < key.length ? key[i] : 0;
      inner[i] = (byte) (k ^ 0x36);
      outer[i] = (byte) (k ^ 0x5c);
    }
    return "sha256(unhex('" + HexFormat.of().formatHex(outer) + "') || unhex(sha256(unhex('" + HexFormat.of().formatHex(inner)
        + "') || encode(" + column + "))))";
  }

  private static void model(Statement sql) throws SQLException {
    String farFuture = "TIMESTAMP '9999-12-31 23:59:59'";
    sql.execute("CREATE OR REPLACE TABLE dim_customer AS"
        + " SELECT -1::BIGINT AS dim_customer_key, NULL::BIGINT AS customer_id, NULL::VARCHAR AS city, NULL::VARCHAR AS segment,"
        + " NULL::VARCHAR AS name, NULL::VARCHAR AS email, TIMESTAMP '1900-01-01 00:00:00' AS effective_from, " + farFuture
        + " AS effective_to, true AS is_current, 1 AS version, false AS is_deleted, NULL::VARCHAR AS row_hash"
        + " UNION ALL SELECT row_number() OVER (ORDER BY customer_id, updated_at), customer_id, city, segment, name, email, updated_at, "
        + farFuture + ", true, 1, false, sha256(to_json({'city': city, 'segment': segment})::VARCHAR) FROM processed_customers");
    sql.execute("CREATE OR REPLACE TABLE dim_product AS"
        + " SELECT -1::BIGINT AS dim_product_key, NULL::BIGINT AS product_id, NULL::VARCHAR AS name, NULL::VARCHAR AS category,"
        + " NULL::DECIMAL(10,2) AS price, NULL::VARCHAR AS row_hash"
        + " UNION ALL SELECT row_number() OVER (ORDER BY product_id), product_id, name, category, price,"
        + " sha256(to_json({'name': name, 'category': category, 'price': price})::VARCHAR) FROM processed_products");
    sql.execute("CREATE OR REPLACE TABLE dim_supplier AS"
        + " SELECT -1::BIGINT AS dim_supplier_key, NULL::BIGINT AS supplier_id, NULL::VARCHAR AS name, NULL::VARCHAR AS country,"
        + " NULL::VARCHAR AS row_hash"
        + " UNION ALL SELECT row_number() OVER (ORDER BY supplier_id), supplier_id, name, country,"
        + " sha256(to_json({'name': name, 'country': country})::VARCHAR) FROM processed_suppliers");
    sql.execute("CREATE OR REPLACE TABLE dim_date AS"
        + " SELECT -1 AS date_key, NULL::DATE AS date, NULL::INTEGER AS day_of_week, NULL::VARCHAR AS day_name,"
        + " NULL::INTEGER AS day_of_month, NULL::INTEGER AS day_of_year, NULL::INTEGER AS iso_week, NULL::INTEGER AS iso_year,"
        + " NULL::INTEGER AS month, NULL::VARCHAR AS month_name, NULL::INTEGER AS quarter, NULL::INTEGER AS year,"
        + " NULL::BOOLEAN AS is_weekend, NULL::INTEGER AS fiscal_year, NULL::INTEGER AS fiscal_quarter"
        + " UNION ALL SELECT CAST(strftime(d, '%Y%m%d') AS INTEGER), d, isodow(d), dayname(d), day(d), dayofyear(d), weekofyear(d),"
        + " isoyear(d), month(d), monthname(d), quarter(d), year(d), isodow(d) >= 6, year(d), quarter(d)"
        + " FROM (SELECT unnest(generate_series(min(order_ts)::DATE, max(order_ts)::DATE, INTERVAL 1 DAY))::DATE AS d"
        + " FROM processed_order_lines)");
    sql.execute("CREATE OR REPLACE TABLE " + E2ePipeline.FACT + " AS SELECT coalesce(c.dim_customer_key, -1) AS customer_key,"
        + " coalesce(p.dim_product_key, -1) AS product_key, coalesce(s.dim_supplier_key, -1) AS supplier_key,"
        + " coalesce(CAST(strftime(l.order_ts, '%Y%m%d') AS INTEGER), -1) AS order_date_key, l.order_id, l.line_number, l.quantity,"
        + " l.unit_price, l.discount, l.quantity * l.unit_price - l.discount AS amount, l.order_ts::DATE AS partition_date"
        + " FROM processed_order_lines l"
        + " LEFT JOIN dim_customer c ON c.customer_id = l.customer_id AND c.effective_from <= l.order_ts AND l.order_ts < c.effective_to"
        + " LEFT JOIN dim_product p ON p.product_id = l.product_id"
        + " LEFT JOIN dim_supplier s ON s.supplier_id = l.supplier_id");
  }

  /** The checks Strata's config runs; a failing one fails the benchmark, as it would stop Strata's run. */
  private static void quality(Statement sql) throws SQLException {
    String fact = E2ePipeline.FACT;
    Map<String, String> checks = new LinkedHashMap<>();
    checks.put("keys_present", "SELECT count(*) FROM " + fact + " WHERE order_id IS NULL OR line_number IS NULL OR customer_key IS NULL"
        + " OR product_key IS NULL OR supplier_key IS NULL OR order_date_key IS NULL");
    checks.put("one_row_per_line", "SELECT count(*) FROM (SELECT order_id, line_number FROM " + fact
        + " GROUP BY ALL HAVING count(*) > 1)");
    checks.put("known_customer", "SELECT count(*) FROM " + fact + " WHERE customer_key = -1 OR customer_key NOT IN"
        + " (SELECT dim_customer_key FROM dim_customer)");
    checks.put("known_product", "SELECT count(*) FROM " + fact + " WHERE product_key = -1 OR product_key NOT IN"
        + " (SELECT dim_product_key FROM dim_product)");
    checks.put("key_unique", "SELECT count(*) FROM (SELECT dim_customer_key FROM dim_customer GROUP BY ALL HAVING count(*) > 1)");
    for (Map.Entry<String, String> check : checks.entrySet()) {
      try (ResultSet result = sql.executeQuery(check.getValue())) {
        result.next();
        if (result.getLong(1) != 0) {
          throw new IllegalStateException("duckdb quality check " + check.getKey() + " failed: " + result.getLong(1) + " rows");
        }
      }
    }
  }

  private static void export(Statement sql, Connection warehouse, String indexesFromSchema) throws SQLException, IOException {
    Path csv = Files.createTempFile("bench-e2e-", ".csv");
    try (Statement pg = warehouse.createStatement()) {
      pg.execute("SET TimeZone = 'UTC'");
      pg.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
      pg.execute("CREATE SCHEMA " + SCHEMA);
      CopyManager copy = warehouse.unwrap(BaseConnection.class).getCopyAPI();
      for (String table : E2ePipeline.TABLES) {
        pg.execute("CREATE TABLE " + SCHEMA + "." + table + " (" + String.join(", ", columnDefinitions(sql, table)) + ")");
        sql.execute("COPY " + table + " TO " + literal(csv.toString()) + " (FORMAT csv, HEADER false)");
        try (Reader reader = Files.newBufferedReader(csv)) {
          copy.copyIn("COPY " + SCHEMA + "." + table + " FROM STDIN (FORMAT csv)", reader);
        }
      }
      List<String> indexes = new ArrayList<>();
      try (ResultSet result = pg.executeQuery("SELECT indexdef FROM pg_indexes WHERE schemaname = '" + indexesFromSchema
          + "' AND tablename IN ('" + String.join("', '", E2ePipeline.TABLES) + "')")) {
        while (result.next()) {
          indexes.add(result.getString(1).replace(" ON " + indexesFromSchema + ".", " ON " + SCHEMA + "."));
        }
      }
      for (String index : indexes) {
        pg.execute(index);
      }
      for (String table : E2ePipeline.TABLES) {
        pg.execute("ANALYZE " + SCHEMA + "." + table);
      }
    } finally {
      Files.deleteIfExists(csv);
    }
  }

  /** PostgreSQL column definitions for a DuckDB table; timestamps become {@code timestamptz} in UTC, as Strata exports Spark's. */
  private static List<String> columnDefinitions(Statement sql, String table) throws SQLException {
    List<String> definitions = new ArrayList<>();
    try (ResultSet result = sql.executeQuery("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = '"
        + table + "' ORDER BY ordinal_position")) {
      while (result.next()) {
        String type = result.getString(2).toUpperCase(Locale.ROOT);
        String pgType = type.startsWith("DECIMAL") ? type.replace("DECIMAL", "numeric") : switch (type) {
          case "BIGINT" -> "bigint";
          case "INTEGER" -> "integer";
          case "BOOLEAN" -> "boolean";
          case "DATE" -> "date";
          case "TIMESTAMP" -> "timestamptz";
          case "DOUBLE" -> "double precision";
          default -> "text";
        };
        definitions.add("\"" + result.getString(1) + "\" " + pgType);
      }
    }
    return definitions;
  }

  private static String version(Statement sql) throws SQLException {
    try (ResultSet result = sql.executeQuery("SELECT version()")) {
      result.next();
      return result.getString(1);
    }
  }

  static String describe(Map<String, Duration> times) {
    StringBuilder text = new StringBuilder();
    times.forEach((stage, time) -> text.append(text.length() == 0 ? "" : ", ")
        .append(String.format(Locale.ROOT, "%s %.1f s", stage, time.toMillis() / 1000.0)));
    return text.toString();
  }

  private static String literal(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  private interface Step {
    void run() throws SQLException, IOException;
  }

  private static Duration timed(Step step) throws SQLException, IOException {
    long start = System.nanoTime();
    step.run();
    return Duration.ofNanos(System.nanoTime() - start);
  }
}
