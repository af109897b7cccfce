package io.strata.jobs.pipeline;

import io.strata.jobs.cli.StrataCli;
import io.strata.jobs.testing.TestingSpark;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import picocli.CommandLine;

/**
 * A small shop pipeline driven the way a user drives it: CSV files land in {@code in/}, and the
 * CLI runs ingest, process and model on a local lake. Customers arrive as a full snapshot each day
 * (so a missing customer was deleted) into an SCD2 dimension; orders as daily change files into a
 * fact partitioned by order day.
 */
public final class ShopPipeline {
  public static final String CONFIG = """
      name = shop
      lake.root = lake
      sources {
        customer_files { type = file, entity = customers, path = "in/customers/*.csv" }
        order_files { type = file, entity = orders, path = "in/orders/*.csv" }
      }
      entities {
        customers {
          source = customer_files, key = [customer_id], full-snapshot = true
          columns { customer_id { type = bigint, nullable = false }, name = string, city = string, updated_at = timestamp }
        }
        orders {
          source = order_files, key = [order_id], change-order = updated_at
          columns { order_id { type = bigint, nullable = false }, customer_id = bigint, order_ts = timestamp, amount = "decimal(10,2)",
            updated_at = timestamp }
        }
      }
      model {
        dimensions {
          dim_customer { source = customers, natural-key = [customer_id], scd-type = 2, tracked = [city], type-1 = [name],
            change-time = updated_at, full-snapshot = true }
        }
        facts {
          fact_orders { source = orders, grain = [order_id], measures = [amount], partition-by = order_ts
            dimensions { customer { dimension = dim_customer, columns = [customer_id], event-time = order_ts } }
            dates { order_date = order_ts } }
        }
      }
      """;
  public static final String[] CUSTOMER_COLUMNS = {"dim_customer_key", "customer_id", "name", "city", "effective_from", "effective_to",
      "is_current", "is_deleted"};
  public static final String[] FACT_COLUMNS = {"order_id", "customer_key", "order_date_key", "amount", "partition_date"};

  final Path dir;
  final Path config;
  String output = "";

  ShopPipeline(Path dir) throws IOException {
    this(dir, CONFIG);
  }

  ShopPipeline(Path dir, String config) throws IOException {
    this.dir = dir;
    Files.createDirectories(dir.resolve("in/customers"));
    Files.createDirectories(dir.resolve("in/orders"));
    this.config = Files.writeString(dir.resolve("shop.conf"), config);
  }

  /** The day's customer snapshot: lines of {@code id,name,city,updated_at}. */
  ShopPipeline customers(LocalDate day, String... lines) throws IOException {
    write("in/customers/customers_" + day + ".csv", "customer_id,name,city,updated_at", lines);
    return this;
  }

  /** The day's new and changed orders: lines of {@code id,customer_id,order_ts,amount,updated_at}. */
  ShopPipeline orders(LocalDate day, String... lines) throws IOException {
    write("in/orders/orders_" + day + ".csv", "order_id,customer_id,order_ts,amount,updated_at", lines);
    return this;
  }

  private void write(String file, String header, String... lines) throws IOException {
    Files.writeString(dir.resolve(file), header + "\n" + String.join("\n", lines) + "\n");
  }

  /** The same pipeline exporting to {@code schema} of a PostgreSQL database (incremental mode, the default). */
  static String withWarehouse(String url, String schema, Path passwordFile) {
    return CONFIG + "warehouse { url = \"" + url + "\", schema = " + schema + ", user = postgres, password = \"file:" + passwordFile
        + "\", sslmode = disable }\n";
  }

  /** {@code strata run --to model} for the day, plus any extra arguments; fails the test on a non-zero exit. */
  void run(LocalDate day, String... extra) {
    runTo(day, "model", extra);
  }

  /** {@code strata run --to STAGE} for the day, plus any extra arguments. */
  void runTo(LocalDate day, String lastStage, String... extra) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = StrataCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    List<String> args = new java.util.ArrayList<>(List.of("run", "--config", config.toString(), "--run-date", day.toString(),
        "--to", lastStage));
    args.addAll(Arrays.asList(extra));
    int code = cli.execute(args.toArray(String[]::new));
    output = out.toString();
    if (code != 0) {
      throw new AssertionError("strata " + String.join(" ", args) + " exited " + code + ":\n" + out + err);
    }
  }

  String location(String layer, String table) {
    return dir.resolve("lake").resolve(layer).resolve(table).toUri().toString();
  }

  Dataset<Row> curated(String table) {
    return TestingSpark.session().read().format("delta").load(location("curated", table));
  }

  /** The latest version of a table of the lake ({@code processed/customers}, {@code curated/fact_orders}). */
  long version(String layer, String table) {
    return io.delta.tables.DeltaTable.forPath(TestingSpark.session(), location(layer, table)).history(1).select("version").head().getLong(0);
  }

  /** Each row as {@code a|b|c} in the given columns, sorted. */
  List<String> rows(String table, String... columns) {
    return rows(curated(table), columns);
  }

  static List<String> rows(Dataset<Row> rows, String... columns) {
    return rows.collectAsList().stream()
        .map(row -> Arrays.stream(columns).map(column -> String.valueOf((Object) row.getAs(column))).collect(Collectors.joining("|")))
        .sorted().toList();
  }

  /** The data file behind each row of a partitioned table, per partition value: unchanged partitions keep their files. */
  List<String> filesByPartition(String table) {
    return curated(table).select(org.apache.spark.sql.functions.col("partition_date").cast("string"),
        org.apache.spark.sql.functions.input_file_name()).distinct().collectAsList().stream()
        .map(row -> row.getString(0) + " " + row.getString(1)).sorted().toList();
  }
}
