package io.strata.jobs.export;

import io.delta.tables.DeltaTable;
import io.strata.jobs.stage.StageContext;
import io.strata.jobs.stage.StageResult;
import io.strata.jobs.testing.TestingPostgres;
import io.strata.jobs.testing.TestingS3Server;
import io.strata.jobs.testing.TestingSpark;
import io.strata.layout.LakeLayout;
import io.strata.layout.ModelWatermarks;
import io.strata.layout.config.DateReference;
import io.strata.layout.config.DimensionConfig;
import io.strata.layout.config.DimensionReference;
import io.strata.layout.config.ExportConfig;
import io.strata.layout.config.FactConfig;
import io.strata.layout.config.ModelConfig;
import io.strata.layout.config.ModelSource;
import io.strata.layout.config.PipelineConfig;
import io.strata.layout.config.Secret;
import io.strata.layout.config.WarehouseConfig;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.functions;

/**
 * An export over hand-built curated tables: a dimension {@code dim_customer} and a fact
 * {@code fact_sales} partitioned like the model writes it, in a lake of their own, exported to
 * a schema of their own in the test database.
 */
final class ExportTesting {
  static final String DATABASE = "export_tests";
  private static boolean databaseCreated;

  private final PipelineConfig config;
  private final String root;
  private final List<String> progress = new ArrayList<>();

  ExportTesting(String schema, ExportConfig export) {
    this(schema, export, TestingPostgres.USER, Secret.of("test", TestingPostgres.shared().password()), database());
  }

  ExportTesting(String schema, ExportConfig export, String user, Secret password, String url) {
    this(schema, export, user, password, url, "s3a://" + TestingS3Server.shared().bucket(TestingSpark.LAKE_BUCKET) + "/export-" + UUID.randomUUID());
  }

  private ExportTesting(String schema, ExportConfig export, String user, Secret password, String url, String root) {
    DimensionConfig customer = new DimensionConfig("dim_customer", ModelSource.sql("SELECT 1 AS customer_id"), List.of("customer_id"), 1,
        List.of(), List.of(), List.of(), Optional.empty(), false);
    FactConfig sales = new FactConfig("fact_sales", ModelSource.sql("SELECT 1 AS order_id"), List.of("order_id"), List.of("amount"),
        List.of(), List.of(new DimensionReference("customer", "dim_customer", List.of("customer_id"), Optional.empty())),
        List.of(new DateReference("order_date", "order_ts")), "order_ts");
    ModelConfig model = new ModelConfig(Map.of("dim_customer", customer), Optional.empty(), Map.of("fact_sales", sales));
    this.root = root;
    PipelineConfig base = TestingSpark.pipeline(root);
    WarehouseConfig warehouse = new WarehouseConfig(url, schema, user, password, "disable", export);
    this.config = new PipelineConfig(base.name(), base.file(), base.lake(), base.spark(), Optional.of(warehouse), Map.of(), Map.of(),
        base.pii(), model, io.strata.layout.config.QualityConfig.empty());
  }

  /** The same lake exported to another schema, e.g. swapped in whole to compare with an incremental export. */
  ExportTesting sameLake(String schema, ExportConfig export) {
    WarehouseConfig warehouse = config.warehouse().orElseThrow();
    return new ExportTesting(schema, export, warehouse.user(), warehouse.password(), warehouse.url(), root);
  }

  /** This lake and schema with {@code security} as the warehouse's grants and row policies. */
  ExportTesting secured(io.strata.layout.config.WarehouseSecurity security) {
    WarehouseConfig warehouse = config.warehouse().orElseThrow();
    ExportTesting secured = new ExportTesting(warehouse.schema(), warehouse.export(), warehouse.user(), warehouse.password(), warehouse.url(),
        root);
    return secured.withWarehouse(warehouse.withSecurity(security));
  }

  private ExportTesting withWarehouse(WarehouseConfig warehouse) {
    return new ExportTesting(new PipelineConfig(config.name(), config.file(), config.lake(), config.spark(), Optional.of(warehouse),
        config.sources(), config.entities(), config.pii(), config.model(), config.quality()), root);
  }

  private ExportTesting(PipelineConfig config, String root) {
    this.config = config;
    this.root = root;
  }

  static synchronized String database() {
    if (!databaseCreated) {
      TestingPostgres.shared().createDatabase(DATABASE);
      databaseCreated = true;
    }
    return TestingPostgres.shared().jdbcUrl(DATABASE);
  }

  PipelineConfig config() {
    return config;
  }

  String schema() {
    return config.warehouse().orElseThrow().schema();
  }

  List<String> progress() {
    return progress;
  }

  /** Replaces a curated table with {@code rows}. */
  void curated(String table, Dataset<Row> rows) {
    rows.write().format("delta").mode(SaveMode.Overwrite).option("overwriteSchema", "true")
        .save(config.lake().layout().curated(table).uri());
  }

  /** Replaces a curated table with {@code rows}, its change data feed on (as the model creates dimensions). */
  void curatedWithChangeFeed(String table, Dataset<Row> rows) {
    rows.write().format("delta").mode(SaveMode.Overwrite).option(ModelWatermarks.CHANGE_FEED_PROPERTY, "true")
        .save(config.lake().layout().curated(table).uri());
  }

  /** One commit to a dimension as the model's MERGE makes it: {@code upserts} updated or inserted by key, the keys of {@code deletes} deleted. */
  void mergeDimension(String table, String key, Dataset<Row> upserts, Dataset<Row> deletes) {
    Dataset<Row> source = upserts.withColumn("_op", functions.lit("upsert")).unionByName(deletes.withColumn("_op", functions.lit("delete")));
    DeltaTable.forPath(TestingSpark.session(), config.lake().layout().curated(table).uri().toString()).as("t")
        .merge(source.as("s"), "t." + key + " = s." + key)
        .whenMatched("s._op = 'delete'").delete()
        .whenMatched().updateExpr(assignments(upserts))
        .whenNotMatched("s._op = 'upsert'").insertExpr(assignments(upserts))
        .execute();
  }

  private static Map<String, String> assignments(Dataset<Row> rows) {
    Map<String, String> assignments = new java.util.LinkedHashMap<>();
    for (String column : rows.columns()) {
      assignments.put(column, "s." + column);
    }
    return assignments;
  }

  /** A SQL statement on a curated table, named {@code {table}} in {@code sql}. */
  void onCurated(String table, String sql) {
    TestingSpark.session().sql(sql.replace("{table}", "delta.`" + config.lake().layout().curated(table).uri() + "`"));
  }

  /** Writes fact rows as the model does: the partitions they fall in are replaced, the others kept. */
  void factPartitions(Dataset<Row> rows) {
    rows.write().format("delta").mode(SaveMode.Overwrite).option("partitionOverwriteMode", "dynamic")
        .partitionBy(FactConfig.PARTITION_COLUMN).save(config.lake().layout().curated("fact_sales").uri());
  }

  LakeLayout layout() {
    return config.lake().layout();
  }

  List<StageResult> run(ExportJob job) {
    Consumer<String> sink = line -> {
      progress.add(line);
      System.out.println("  export: " + line);
    };
    return job.run(new StageContext(config, TestingSpark.session(), LocalDate.of(2026, 3, 2), "run-" + UUID.randomUUID(), sink));
  }

  static Connection connect() throws SQLException {
    return TestingPostgres.shared().connect(DATABASE);
  }

  /** The rows of a query, each as {@code a|b|c}. */
  static List<String> rows(String query) throws SQLException {
    try (Connection connection = connect()) {
      return rows(connection, query);
    }
  }

  /** The rows of a query on {@code connection}, each as {@code a|b|c}. */
  static List<String> rows(Connection connection, String query) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(query)) {
      int columns = result.getMetaData().getColumnCount();
      while (result.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= columns; i++) {
          row.append(i > 1 ? "|" : "").append(result.getString(i));
        }
        rows.add(row.toString());
      }
    }
    return rows;
  }

  static void execute(String sql) throws SQLException {
    try (Connection connection = connect(); Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
