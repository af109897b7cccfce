package io.strata.jobs.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.delta.tables.DeltaTable;
import io.strata.jobs.ingest.IngestJob;
import io.strata.jobs.stage.StageContext;
import io.strata.jobs.stage.StageResult;
import io.strata.jobs.testing.TestingS3Server;
import io.strata.jobs.testing.TestingSpark;
import io.strata.layout.Layer;
import io.strata.layout.StrataException;
import io.strata.layout.config.ColumnSpec;
import io.strata.layout.config.EntityConfig;
import io.strata.layout.config.FileSourceConfig;
import io.strata.layout.config.PipelineConfig;
import io.strata.layout.config.PiiRule;
import io.strata.layout.config.SourceConfig;
import io.strata.layout.config.StrataConfigException;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The process stage on raw batches the ingest stage wrote: typing, quarantine, dedup, drift, MERGE. */
class ProcessJobIT {
  private static final LocalDate DAY1 = LocalDate.of(2026, 3, 1);
  private static final LocalDate DAY2 = LocalDate.of(2026, 3, 2);

  @TempDir Path dir;
  private final List<String> progress = new ArrayList<>();

  private static ColumnSpec column(String name, String type) {
    return new ColumnSpec(name, type, true, Optional.empty(), PiiRule.of(PiiRule.UNSET));
  }

  private static ColumnSpec column(String name, String type, boolean nullable, String format) {
    return new ColumnSpec(name, type, nullable, Optional.ofNullable(format), PiiRule.of(PiiRule.UNSET));
  }

  private static EntityConfig orders(List<ColumnSpec> columns, String newColumns, String missingColumns) {
    Optional<String> changeOrder = columns.stream().anyMatch(column -> column.name().equals("updated_at"))
        ? Optional.of("updated_at") : Optional.empty();
    return new EntityConfig("orders", "drop", List.of("order_id"), changeOrder, true, Map.of("Cust", "customer"),
        List.of("internal"), List.of("", "N/A", "NULL"), "UTC", columns, newColumns, missingColumns);
  }

  private static List<ColumnSpec> orderColumns() {
    return List.of(
        column("order_id", "bigint", false, null),
        column("customer", "string"),
        column("quantity", "int"),
        column("amount", "decimal(10,2)"),
        column("paid", "boolean"),
        column("order_date", "date", true, "dd.MM.yyyy"),
        column("updated_at", "timestamp", true, "yyyy-MM-dd HH:mm:ss"));
  }

  private PipelineConfig pipeline(String lakeRoot, Path landing, EntityConfig... entities) {
    Map<String, SourceConfig> sources = Map.of("drop",
        new FileSourceConfig("drop", "orders", "file://" + landing.resolve("*.csv"), "csv", Map.of(), Optional.empty(), 100));
    PipelineConfig base = TestingSpark.pipeline(lakeRoot, sources);
    Map<String, EntityConfig> byName = new java.util.LinkedHashMap<>();
    for (EntityConfig entity : entities) {
      byName.put(entity.name(), entity);
    }
    return new PipelineConfig(base.name(), base.file(), base.lake(), base.spark(), base.warehouse(), base.sources(), byName, base.pii());
  }

  private StageContext context(PipelineConfig config, LocalDate runDate, String runId) {
    return new StageContext(config, TestingSpark.session(), runDate, runId, progress::add);
  }

  private List<StageResult> ingestAndProcess(PipelineConfig config, LocalDate runDate, String runId) {
    new IngestJob(Optional.empty(), IngestJob.standardReaders()).run(context(config, runDate, runId));
    return new ProcessJob(Optional.empty(), any -> new TestingPiiPolicy()).run(context(config, runDate, runId));
  }

  private List<Row> processed(PipelineConfig config) {
    return TestingSpark.session().read().format("delta").load(config.lake().layout().processed("orders").uri())
        .orderBy("order_id").collectAsList();
  }

  /** Orders with {@code order_id}, {@code customer}, a third column and {@code updated_at}, day 1's {@code csv} ingested and processed. */
  private PipelineConfig processedOnDayOne(Path landing, String csv, String third, String thirdType) throws IOException {
    Files.writeString(landing.resolve("day1.csv"), csv);
    List<ColumnSpec> columns = List.of(column("order_id", "bigint"), column("customer", "string"), column(third, thirdType),
        column("updated_at", "timestamp"));
    PipelineConfig config = pipeline(dir.resolve("lake").toUri().toString(), landing, orders(columns, "fail", "fail"));
    ingestAndProcess(config, DAY1, "day1");
    return config;
  }

  private Path landing() throws IOException {
    return Files.createDirectories(dir.resolve("landing"));
  }

  @Test
  void typesCleansAndQuarantinesWithCountsThatReconcile() throws IOException {
    Path landing = landing();
    Files.writeString(landing.resolve("day1.csv"), """
        OrderID,Cust,Quantity,Amount,Paid,OrderDate,UpdatedAt,internal
        1, Ada ,2,12.50,yes,01.03.2026,2026-03-01 09:00:00,x
        2,N/A,1,3.10,no,02.03.2026,2026-03-01 10:00:00,x
        3,Grace,lots,1.00,true,01.03.2026,2026-03-01 10:00:00,x
        4,Edsger,1,1.00,maybe,01.03.2026,2026-03-01 10:00:00,x
        ,Nobody,1,1.00,true,01.03.2026,2026-03-01 10:00:00,x
        6,Zoë,1,99999999999.99,true,31.02.2026,2026-03-01 10:00:00,x
        7,Alan,3,7.25,1,05.03.2026,NULL,x
        """);
    PipelineConfig config = pipeline(dir.resolve("lake").toUri().toString(), landing, orders(orderColumns(), "fail", "fail"));

    StageResult result = ingestAndProcess(config, DAY1, "day1").get(0);

    assertThat(result.rowsRead()).isEqualTo(7);
    assertThat(result.rowsWritten()).isEqualTo(3);
    assertThat(result.rowsQuarantined()).isEqualTo(4);
    assertThat(result.rowsRead()).isEqualTo(result.rowsWritten() + result.metrics().get("duplicates") + result.rowsQuarantined());
    assertThat(processed(config)).extracting(row -> row.getAs("order_id"), row -> row.getAs("customer"), row -> row.getAs("quantity"),
            row -> row.getAs("amount"), row -> row.getAs("paid"), row -> String.valueOf((Object) row.getAs("order_date")), row -> row.getAs("updated_at"))
        .containsExactly(
            tuple(1L, "Ada", 2, new BigDecimal("12.50"), true, "2026-03-01", Timestamp.valueOf("2026-03-01 09:00:00")),
            tuple(2L, null, 1, new BigDecimal("3.10"), false, "2026-03-02", Timestamp.valueOf("2026-03-01 10:00:00")),
            tuple(7L, "Alan", 3, new BigDecimal("7.25"), true, "2026-03-05", null));
    assertThat(processed(config).get(0).schema().fieldNames()).contains("_processed_at", "_batch_id", "_run_date", "_source", "_row_hash")
        .doesNotContain("internal", "_raw_file", "_raw_row_index", "_reason");
    List<Row> quarantine = TestingSpark.session().read().format("delta")
        .load(config.lake().layout().quarantine(Layer.PROCESSED, "orders").uri()).orderBy("_reason").collectAsList();
    assertThat(quarantine).extracting(row -> row.getAs("_column"), row -> row.getAs("_rule"), row -> row.getAs("_reason"))
        .containsExactlyInAnyOrder(
            tuple("quantity", "type", "value 'lots' is not a valid int"),
            tuple("paid", "type", "value 'maybe' is not a valid boolean"),
            tuple("order_id", "key", "the key column is null"),
            tuple("amount", "type", "value '99999999999.99' is not a valid decimal(10,2)"));
    assertThat(quarantine).allSatisfy(row -> assertThat(row.<String>getAs("_record")).contains("\"OrderID\""));
  }

  @Test
  void aBatchWithoutRowsOrColumnsIsConsumedWithoutComplaint() throws IOException {
    Path landing = landing();
    Files.writeString(landing.resolve("day1.csv"), """
        OrderID,Cust,Quantity,Amount,Paid,OrderDate,UpdatedAt,internal
        1,Ada,2,12.50,yes,01.03.2026,2026-03-01 09:00:00,x
        """);
    PipelineConfig config = pipeline(dir.resolve("lake").toUri().toString(), landing, orders(orderColumns(), "fail", "fail"));
    ingestAndProcess(config, DAY1, "day1");
    // What an incremental API with nothing new leaves: a batch with no rows and none of the entity's columns.
    org.apache.spark.sql.types.StructType empty = new org.apache.spark.sql.types.StructType()
        .add("_origin", "string").add("_ingested_at", "timestamp").add("_source", "string").add("_batch_id", "string").add("_run_date", "date");
    TestingSpark.session().createDataFrame(List.<Row>of(), empty).write()
        .parquet(config.lake().layout().rawBatch("drop", "orders", DAY2, "day2").uri().toString());

    StageResult result = new ProcessJob(Optional.empty(), any -> new TestingPiiPolicy()).run(context(config, DAY2, "day2")).get(0);

    assertThat(result.rowsRead()).isZero();
    assertThat(result.events()).containsExactly("new raw batches hold no rows");
    assertThat(processed(config)).extracting(row -> row.getAs("order_id")).containsExactly(1L);
  }

  @Test
  void theLatestChangeOfAKeyWinsWithinAndAcrossBatches() throws IOException {
    Path landing = landing();
    Files.writeString(landing.resolve("day1.csv"), """
        order_id,Cust,quantity,updated_at
        1,v1,1,2026-03-01 09:00:00
        1,v3,3,2026-03-01 11:00:00
        1,v2,2,2026-03-01 10:00:00
        2,tie-first,1,2026-03-01 09:00:00
        2,tie-last,2,2026-03-01 09:00:00
        """);
    List<ColumnSpec> columns = List.of(column("order_id", "bigint"), column("customer", "string"), column("quantity", "int"),
        column("updated_at", "timestamp"));
    PipelineConfig config = pipeline(dir.resolve("lake").toUri().toString(), landing, orders(columns, "fail", "fail"));

    StageResult day1 = ingestAndProcess(config, DAY1, "day1").get(0);

    assertThat(day1.metrics()).containsEntry("duplicates", 3L);
    assertThat(processed(config)).extracting(row -> row.getAs("order_id"), row -> row.getAs("customer"))
        .containsExactly(tuple(1L, "v3"), tuple(2L, "tie-last"));

    Files.writeString(landing.resolve("day2.csv"), """
        order_id,Cust,quantity,updated_at
        1,late-old,9,2026-03-01 08:00:00
        2,newer,5,2026-03-02 09:00:00
        3,fresh,1,2026-03-02 09:00:00
        """);
    StageResult day2 = ingestAndProcess(config, DAY2, "day2").get(0);

    assertThat(day2.metrics()).containsEntry("inserted", 1L).containsEntry("updated", 1L);
    assertThat(processed(config)).extracting(row -> row.getAs("order_id"), row -> row.getAs("customer"))
        .containsExactly(tuple(1L, "v3"), tuple(2L, "newer"), tuple(3L, "fresh"));
  }

  @Test
  void aDayOfChangedAndNewKeysUpdatesByMergeAppendsTheNewAndShufflesNoStoredRow() throws Exception {
    Path landing = landing();
    StringBuilder day1 = new StringBuilder("order_id,Cust,quantity,updated_at\n");
    for (int id = 1; id <= 500; id++) {
      day1.append(id).append(",c").append(id).append(",1,2026-03-01 09:00:00\n");
    }
    Files.writeString(landing.resolve("day1.csv"), day1.toString());
    List<ColumnSpec> columns = List.of(column("order_id", "bigint"), column("customer", "string"), column("quantity", "int"),
        column("updated_at", "timestamp"));
    PipelineConfig config = pipeline(dir.resolve("lake").toUri().toString(), landing, orders(columns, "fail", "fail"));
    ingestAndProcess(config, DAY1, "day1");
    String table = config.lake().layout().processed("orders").uri();
    long day1Version = DeltaTable.forPath(TestingSpark.session(), table).history(1).head().<Long>getAs("version");
    // Keys 100, 200, 300 change; 501 and 502 are new; 400 comes again unchanged.
    Files.writeString(landing.resolve("day2.csv"), """
        order_id,Cust,quantity,updated_at
        100,changed,2,2026-03-02 09:00:00
        200,changed,2,2026-03-02 09:00:00
        300,changed,2,2026-03-02 09:00:00
        400,c400,1,2026-03-01 09:00:00
        501,new,1,2026-03-02 09:00:00
        502,new,1,2026-03-02 09:00:00
        """);
    new IngestJob(Optional.empty(), IngestJob.standardReaders()).run(context(config, DAY2, "day2"));
    // Its own session without Spark's size threshold: test-sized tables would be broadcast anyway.
    org.apache.spark.sql.SparkSession spark = TestingSpark.session().newSession();
    spark.conf().set("spark.sql.autoBroadcastJoinThreshold", "-1");
    java.util.concurrent.atomic.AtomicLong shuffled = new java.util.concurrent.atomic.AtomicLong();
    org.apache.spark.scheduler.SparkListener listener = new org.apache.spark.scheduler.SparkListener() {
      @Override
      public void onTaskEnd(org.apache.spark.scheduler.SparkListenerTaskEnd task) {
        if (task.taskMetrics() != null) {
          shuffled.addAndGet(task.taskMetrics().shuffleReadMetrics().recordsRead());
        }
      }
    };
    spark.sparkContext().addSparkListener(listener);
    StageResult day2;
    try {
      day2 = new ProcessJob(Optional.empty(), any -> new TestingPiiPolicy())
          .run(new StageContext(config, spark, DAY2, "day2", progress::add)).get(0);
      spark.sparkContext().listenerBus().waitUntilEmpty();
    } finally {
      spark.sparkContext().removeSparkListener(listener);
    }

    assertThat(shuffled.get()).as("rows shuffled while 6 incoming rows met a table of 500: the stored rows stay where they are")
        .isLessThan(100);
    assertThat(day2.metrics()).containsEntry("inserted", 2L).containsEntry("updated", 3L);
    assertThat(processed(config)).hasSize(502).filteredOn(row -> !row.<String>getAs("customer").equals("c" + row.getAs("order_id")))
        .extracting(row -> row.getAs("order_id"), row -> row.getAs("customer"))
        .containsExactly(tuple(100L, "changed"), tuple(200L, "changed"), tuple(300L, "changed"), tuple(501L, "new"), tuple(502L, "new"));
    assertThat(DeltaTable.forPath(TestingSpark.session(), table).history().where("version > " + day1Version).orderBy("version")
        .select("operation").collectAsList()).extracting(row -> row.getString(0)).containsExactly("MERGE", "WRITE");
    assertThat(TestingSpark.session().read().format("delta").option("readChangeFeed", "true").option("startingVersion", day1Version + 1)
        .load(table).groupBy("_change_type").count().collectAsList()).extracting(row -> row.getString(0), row -> row.getLong(1))
        .containsExactlyInAnyOrder(tuple("update_preimage", 3L), tuple("update_postimage", 3L), tuple("insert", 2L));
  }

  @Test
  void aMaskedKeyIsComparedByItsMaskedValuesSoAChangedRowUpdatesItsKey() throws IOException {
    Path landing = landing();
    // The masked values sort in another order than the raw ones: a key range over raw values would miss the stored rows.
    List<ColumnSpec> columns = List.of(new ColumnSpec("order_id", "string", false, Optional.empty(), PiiRule.of("hmac")),
        column("customer", "string"), column("updated_at", "timestamp"));
    PipelineConfig config = pipeline(dir.resolve("lake").toUri().toString(), landing, orders(columns, "fail", "fail"));
    Files.writeString(landing.resolve("day1.csv"), "order_id,Cust,updated_at\na,x,2026-03-01 09:00:00\nb,y,2026-03-01 09:00:00\n"
        + "c,z,2026-03-01 09:00:00\n");
    ingestAndProcess(config, DAY1, "day1");

    Files.writeString(landing.resolve("day2.csv"), "order_id,Cust,updated_at\nb,w,2026-03-02 09:00:00\n");
    StageResult day2 = ingestAndProcess(config, DAY2, "day2").get(0);

    assertThat(day2.metrics()).containsEntry("updated", 1L).containsEntry("inserted", 0L);
    assertThat(processed(config)).hasSize(3).extracting(row -> row.<String>getAs("customer")).containsExactlyInAnyOrder("x", "w", "z");
  }

  @Test
  void aValueThatMovesToAnotherColumnIsAChangeEvenWithEverythingElseEqual() throws IOException {
    Path landing = landing();
    PipelineConfig config = processedOnDayOne(landing, "order_id,Cust,note,updated_at\n1,x,NULL,2026-03-01 09:00:00\n2,y,z,2026-03-01 09:00:00\n",
        "note", "string");
    assertThat(processed(config).get(0).schema().apply("_row_hash").dataType())
        .as("a new processed table carries an 8-byte hash").isEqualTo(org.apache.spark.sql.types.DataTypes.LongType);
    String table = config.lake().layout().processed("orders").uri();
    assertThat(DeltaTable.forPath(TestingSpark.session(), table).detail().select("properties").head().<String, String>getJavaMap(0))
        .containsEntry("delta.dataSkippingStatsColumns", "`order_id`,`updated_at`");
    assertThat(TestingSpark.session().read().json(table + "/_delta_log/00000000000000000000.json").filter("add IS NOT NULL")
        .select("add.stats").as(org.apache.spark.sql.Encoders.STRING()).collectAsList())
        .as("statistics of the key and the change order only").isNotEmpty()
        .allSatisfy(stats -> assertThat(stats).contains("\"order_id\"", "\"updated_at\"").doesNotContain("\"customer\"", "\"note\""));

    // Key 1's value moves from customer to note (a hash that skipped nulls would not see it); key 2 comes again unchanged.
    Files.writeString(landing.resolve("day2.csv"), "order_id,Cust,note,updated_at\n1,NULL,x,2026-03-01 09:00:00\n2,y,z,2026-03-01 09:00:00\n");
    StageResult day2 = ingestAndProcess(config, DAY2, "day2").get(0);

    assertThat(day2.metrics()).containsEntry("updated", 1L).containsEntry("inserted", 0L);
    assertThat(processed(config)).extracting(row -> row.getAs("order_id"), row -> row.getAs("customer"), row -> row.getAs("note"))
        .containsExactly(tuple(1L, null, "x"), tuple(2L, "y", "z"));
  }

  @Test
  void aTableWrittenWithTheEarlierShaRowHashKeepsItAndStillTellsChangedRowsFromUnchanged() throws IOException {
    Path landing = landing();
    PipelineConfig config = processedOnDayOne(landing, "order_id,Cust,quantity,updated_at\n1,a,1,2026-03-01 09:00:00\n2,b,2,2026-03-01 09:00:00\n",
        "quantity", "int");
    // What an earlier Strata wrote: the same rows with SHA-256 hex hashes of their values.
    String table = config.lake().layout().processed("orders").uri();
    List<String> business = List.of("order_id", "customer", "quantity", "updated_at");
    TestingSpark.session().read().format("delta").load(table).withColumn("_row_hash", RowHash.SHA256_HEX.of(business)).localCheckpoint()
        .write().format("delta").mode("overwrite").option("overwriteSchema", "true").save(table);

    Files.writeString(landing.resolve("day2.csv"), """
        order_id,Cust,quantity,updated_at
        1,a,1,2026-03-01 09:00:00
        2,b,5,2026-03-02 09:00:00
        3,c,1,2026-03-02 09:00:00
        """);
    StageResult day2 = ingestAndProcess(config, DAY2, "day2").get(0);

    assertThat(day2.metrics()).containsEntry("updated", 1L).containsEntry("inserted", 1L);
    List<Row> rows = processed(config);
    assertThat(rows).extracting(row -> row.getAs("order_id"), row -> row.getAs("quantity")).containsExactly(tuple(1L, 1), tuple(2L, 5), tuple(3L, 1));
    assertThat(rows.get(0).schema().apply("_row_hash").dataType()).isEqualTo(org.apache.spark.sql.types.DataTypes.StringType);
    assertThat(TestingSpark.session().read().format("delta").load(table)
        .filter(org.apache.spark.sql.functions.col("_row_hash").notEqual(RowHash.SHA256_HEX.of(business))).count()).as("every stored hash, old and new rows, is the SHA-256 of its row").isZero();
  }

  @Test
  void rerunningARunDateChangesNothing() throws IOException {
    Path landing = landing();
    Files.writeString(landing.resolve("day1.csv"), "order_id,Cust,quantity,updated_at\n1,a,1,2026-03-01 09:00:00\n2,b,x,2026-03-01 09:00:00\n");
    List<ColumnSpec> columns = List.of(column("order_id", "bigint"), column("customer", "string"), column("quantity", "int"),
        column("updated_at", "timestamp"));
    PipelineConfig config = pipeline(dir.resolve("lake").toUri().toString(), landing, orders(columns, "fail", "fail"));
    ingestAndProcess(config, DAY1, "attempt1");
    long version = DeltaTable.forPath(TestingSpark.session(), config.lake().layout().processed("orders").uri()).history(1)
        .head().<Long>getAs("version");
    List<String> before = processed(config).stream().map(row -> row.getAs("order_id") + ":" + row.getAs("customer")).toList();

    StageResult again = new ProcessJob(Optional.empty(), any -> new TestingPiiPolicy()).run(context(config, DAY1, "attempt2")).get(0);
    StageResult reingested = ingestAndProcess(config, DAY1, "attempt3").get(0);

    assertThat(again.rowsRead()).isZero();
    assertThat(reingested.metrics()).containsEntry("inserted", 0L).containsEntry("updated", 0L);
    assertThat(processed(config).stream().map(row -> row.getAs("order_id") + ":" + row.getAs("customer")).toList()).isEqualTo(before);
    assertThat(TestingSpark.session().read().format("delta").load(config.lake().layout().quarantine(Layer.PROCESSED, "orders").uri())
        .count()).isEqualTo(1);
    assertThat(DeltaTable.forPath(TestingSpark.session(), config.lake().layout().processed("orders").uri()).history().count())
        .isGreaterThan(version);
  }

  @Test
  void driftPolicies() throws IOException {
    Path landing = landing();
    Files.writeString(landing.resolve("day1.csv"), "order_id,Cust,coupon\n1,a,SAVE10\n");
    List<ColumnSpec> columns = List.of(column("order_id", "bigint"), column("customer", "string"), column("channel", "string"));
    String lake = dir.resolve("lake").toUri().toString();

    assertThatThrownBy(() -> ingestAndProcess(pipeline(lake, landing, orders(columns, "fail", "fill-null")), DAY1, "a"))
        .isInstanceOf(StrataException.class)
        .hasMessageContaining("entities.orders: the raw data has new column(s) coupon. Fix: declare them under entities.orders.columns, "
            + "or set entities.orders.drift.new-columns = evolve or ignore");
    assertThatThrownBy(() -> ingestAndProcess(pipeline(lake, landing, orders(columns, "ignore", "fail")), DAY1, "b"))
        .hasMessageContaining("entities.orders: declared column(s) channel are missing from the raw data of source drop")
        .hasMessageContaining("drift.missing-columns = fill-null");

    StageResult evolved = ingestAndProcess(pipeline(lake, landing, orders(columns, "evolve", "fill-null")), DAY1, "c").get(0);

    assertThat(evolved.events()).containsExactly("new column 'coupon' (string) added", "missing column 'channel' filled with null");
    assertThat(processed(pipeline(lake, landing, orders(columns, "evolve", "fill-null"))))
        .extracting(row -> row.getAs("order_id"), row -> row.getAs("channel"), row -> row.getAs("coupon"))
        .containsExactly(tuple(1L, null, "SAVE10"));
  }

  @Test
  void safeTypeChangesWidenTheTableAndOthersFail() throws IOException {
    Path landing = landing();
    Files.writeString(landing.resolve("day1.csv"), "order_id,quantity\n1,5\n");
    String lake = dir.resolve("lake").toUri().toString();
    ingestAndProcess(pipeline(lake, landing, orders(List.of(column("order_id", "bigint"), column("quantity", "int")), "fail", "fail")), DAY1, "a");
    Files.writeString(landing.resolve("day2.csv"), "order_id,quantity\n2,5000000000\n");

    StageResult widened = ingestAndProcess(pipeline(lake, landing, orders(List.of(column("order_id", "bigint"), column("quantity", "bigint")),
        "fail", "fail")), DAY2, "b").get(0);

    assertThat(widened.events()).containsExactly("column 'quantity' widened from int to bigint");
    Files.writeString(landing.resolve("day3.csv"), "order_id,quantity\n3,7\n");
    assertThatThrownBy(() -> ingestAndProcess(pipeline(lake, landing, orders(List.of(column("order_id", "bigint"), column("quantity", "string")),
        "fail", "fail")), LocalDate.of(2026, 3, 3), "c"))
        .hasMessageContaining("entities.orders: column 'quantity' changed type from bigint to string, which is not a safe widening");
  }

  @Test
  void undeclaredPiiFailsBeforeAnythingIsWritten() throws IOException {
    Path landing = landing();
    Files.writeString(landing.resolve("day1.csv"), "order_id,email\n1,ada@example.com\n");
    PipelineConfig config = pipeline(dir.resolve("lake").toUri().toString(), landing,
        orders(List.of(column("order_id", "bigint"), column("email", "string")), "fail", "fail"));

    assertThatThrownBy(() -> ingestAndProcess(config, DAY1, "a"))
        .isInstanceOf(StrataConfigException.class)
        .hasMessage("1 problem in the pipeline config:" + System.lineSeparator() + "  - entities.orders.columns.email.pii: is not set, but the"
            + " column looks like personal data (column name 'email' suggests e-mail addresses). Fix: set it to hmac, mask, tokenize, redact,"
            + " email-domain, truncate-date, generalize-number, or to none where the column is not personal data");
    assertThat(dir.resolve("lake/processed/orders")).doesNotExist();
  }

  @Test
  void processesAnEntityOnS3() throws IOException {
    Path landing = landing();
    Files.writeString(landing.resolve("day1.csv"), "order_id,Cust\n1,a\n2,b\n");
    String lake = "s3a://" + TestingS3Server.shared().bucket(TestingSpark.LAKE_BUCKET) + "/process-" + UUID.randomUUID();
    PipelineConfig config = pipeline(lake, landing, orders(List.of(column("order_id", "bigint"), column("customer", "string")), "fail", "fail"));

    StageResult result = ingestAndProcess(config, DAY1, "a").get(0);

    assertThat(result.rowsWritten()).isEqualTo(2);
    assertThat(processed(config)).extracting(row -> row.getAs("customer")).containsExactly("a", "b");
  }
}
