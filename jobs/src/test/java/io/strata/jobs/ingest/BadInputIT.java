package io.strata.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.strata.jobs.cli.ExitCodes;
import io.strata.jobs.ingest.state.SourceStateStore;
import io.strata.jobs.testing.TestingPostgres;
import io.strata.jobs.testing.InProcessCli;
import io.strata.jobs.testing.TestingSpark;
import io.strata.layout.LakeLayout;
import io.strata.layout.Layer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bad-input catalogue, through the command line as a user meets it: empty files, a source
 * that fails while the others commit, bytes that are not in the declared encoding, a lake root
 * Strata may not write, and who may read what lands in the lake. Each case checks the printed
 * message, the exit code and that every input row is written or quarantined.
 */
class BadInputIT {
  private static final String RUN_DATE = "2026-03-01";

  @TempDir Path dir;

  private final InProcessCli cli = new InProcessCli();

  @BeforeAll
  static void sharedSession() {
    TestingSpark.session(); // the test-sized session; the CLI's getOrCreate reuses it
  }

  private int strata(String... args) {
    return cli.run(args);
  }

  private int ingest(String config) throws IOException {
    Path file = Files.writeString(dir.resolve("p-" + UUID.randomUUID() + ".conf"), "name = badinput\n" + config);
    return strata("ingest", "--config", file.toString(), "--run-date", RUN_DATE);
  }

  private Path write(String relative, byte[] bytes) throws IOException {
    Path file = dir.resolve(relative);
    Files.createDirectories(file.getParent());
    return Files.write(file, bytes);
  }

  private Path write(String relative, String text) throws IOException {
    return write(relative, text.getBytes(StandardCharsets.UTF_8));
  }

  private LakeLayout lake() {
    return new LakeLayout(dir.resolve("lake").toUri());
  }

  private List<Row> raw(String source, String entity) {
    return TestingSpark.session().read().parquet(lake().rawEntity(source, entity).uri()).collectAsList();
  }

  private List<Row> quarantine(String source) {
    return TestingSpark.session().read().parquet(lake().quarantine(Layer.RAW, source).uri()).orderBy("_origin", "_record_number")
        .collectAsList();
  }

  @Test
  void emptyFilesHaveNoRowsAndAFailingSourceIsNamedWhileTheOthersCommit() throws IOException {
    write("in/empty/a.csv", "");
    write("in/header/h.csv", "id,name\n");
    write("in/json/e.json", "");
    write("in/json/f.json", "\n\n");
    write("in/parquet/x.parquet", "this is not parquet");
    write("in/garbage/g.json", "not json\n\n{\"id\": 1, \"name\": \"caf\u00e9\"}\n".getBytes(StandardCharsets.ISO_8859_1));
    write("in/orders/0.csv", "");
    write("in/orders/1.csv", "id,name\n1,Ada\n2,Grace\n");

    int code = ingest("""
        lake.root = lake
        sources {
          empty_csv { type = file, entity = orders, path = "in/empty/*.csv" }
          header_only { type = file, entity = orders, path = "in/header/*.csv" }
          empty_json { type = file, entity = events, format = json, path = "in/json/*.json" }
          broken_parquet { type = file, entity = events, format = parquet, path = "in/parquet/*.parquet" }
          garbage_json { type = file, entity = events, format = json, path = "in/garbage/*.json", max-bad-records = 5 }
          orders { type = file, entity = orders, path = "in/orders/*.csv" }
        }
        """);

    assertThat(code).isEqualTo(ExitCodes.RUNTIME_FAILURE);
    assertThat(cli.err())
        .startsWith("strata: ingest failed for source broken_parquet" + System.lineSeparator() + "  - broken_parquet: ")
        .contains("x.parquet")
        .contains("the batches of empty_csv, header_only, empty_json, garbage_json, orders are committed")
        .doesNotContain("unexpected").doesNotContain("bug in Strata");
    assertThat(cli.out())
        .contains("source empty_csv: 0 rows written, 0 quarantined")
        .contains("source header_only: 0 rows written, 0 quarantined")
        .contains("source empty_json: 0 rows written, 0 quarantined")
        .contains("source garbage_json: 0 rows written, 2 quarantined")
        .contains("source orders: 2 rows written, 0 quarantined");
    // No line parses, which Spark's JSON reader cannot even be asked about: each is quarantined, the Latin-1 one as not UTF-8.
    assertThat(quarantine("garbage_json")).extracting(row -> row.getAs("_record_number"), row -> row.getAs("_reason"))
        .containsExactly(tuple(1L, "unparseable JSON record"), tuple(2L, "not valid UTF-8: bytes that do not decode, shown as U+FFFD"));
    assertThat(raw("orders", "orders")).extracting(row -> row.getAs("id"), row -> row.getAs("name"))
        .containsExactlyInAnyOrder(tuple("1", "Ada"), tuple("2", "Grace"));
    // An empty file is a file read: the ledger has it, and the next run does not read it again.
    SourceStateStore states = new SourceStateStore(lake(), TestingSpark.session().sparkContext().hadoopConfiguration());
    assertThat(states.history("empty_csv").latest().values().keySet()).anyMatch(key -> key.endsWith("in/empty/a.csv"));
    assertThat(states.history("empty_json").latest().values().keySet()).anyMatch(key -> key.endsWith("in/json/e.json"))
        .anyMatch(key -> key.endsWith("in/json/f.json"));
    assertThat(states.history("orders").latest().values().keySet()).anyMatch(key -> key.endsWith("in/orders/0.csv"))
        .anyMatch(key -> key.endsWith("in/orders/1.csv"));
    assertThat(states.history("broken_parquet").entries()).isEmpty();
  }

  @Test
  void bytesThatDoNotDecodeAreQuarantinedNeverChanged() throws IOException {
    // a.csv is Latin-1: "café" is 63 61 66 E9, which is not UTF-8. b.csv is UTF-8 and really holds U+FFFD.
    Path latin1 = write("in/legacy/a.csv", "id,name\n1,Ada\n2,café\n3,Grace\n".getBytes(StandardCharsets.ISO_8859_1));
    write("in/legacy/b.csv", "id,name\n4,Zoë\n5,caf\uFFFD\n");
    Path json = write("in/legacy-json/a.json", "{\"id\": 1, \"name\": \"Ada\"}\n{\"id\": 2, \"name\": \"café\"}\n"
        .getBytes(StandardCharsets.ISO_8859_1));
    // A compressed file is checked as Spark reads it, decompressed: its real U+FFFD stays too.
    write("in/legacy/c.csv.gz", gzip("id,name\n6,gz\uFFFD\n".getBytes(StandardCharsets.UTF_8)));

    int code = ingest("""
        lake.root = lake
        sources {
          legacy { type = file, entity = customers, path = "in/legacy/*.csv*", max-bad-records = 10 }
          legacy_latin1 { type = file, entity = customers, path = "in/legacy/a.csv", encoding = "ISO-8859-1" }
          legacy_json { type = file, entity = customers, format = json, path = "in/legacy-json/*.json", max-bad-records = 10 }
          legacy_whole { type = file, entity = customers, path = "in/legacy/*.csv", encoding-errors = quarantine-file, max-bad-records = 10 }
        }
        """);

    String origin = "file:" + latin1;
    // Row by row: the undecodable row is quarantined with its file, record number and reason; the real U+FFFD stays.
    List<Row> legacy = raw("legacy", "customers");
    List<Row> legacyQuarantine = quarantine("legacy");
    assertThat(legacy).extracting(row -> row.getAs("id"), row -> row.getAs("name"))
        .containsExactlyInAnyOrder(tuple("1", "Ada"), tuple("3", "Grace"), tuple("4", "Zoë"), tuple("5", "caf\uFFFD"), tuple("6", "gz\uFFFD"));
    assertThat(legacyQuarantine).extracting(row -> row.getAs("_origin"), row -> row.getAs("_record_number"), row -> row.getAs("_reason"))
        .containsExactly(tuple(origin, 2L, "not valid UTF-8: bytes that do not decode, shown as U+FFFD"));
    assertThat(legacy.size() + legacyQuarantine.size()).as("input rows = written + quarantined").isEqualTo(6);
    assertThat(cli.out()).contains("source legacy: 5 rows written, 1 quarantined");
    // The declared encoding reads the same bytes right.
    assertThat(raw("legacy_latin1", "customers")).extracting(row -> row.getAs("id"), row -> row.getAs("name"))
        .containsExactlyInAnyOrder(tuple("1", "Ada"), tuple("2", "café"), tuple("3", "Grace"));
    // File by file: every record of the file that does not decode is quarantined.
    List<Row> whole = raw("legacy_whole", "customers");
    List<Row> wholeQuarantine = quarantine("legacy_whole");
    assertThat(whole).extracting(row -> row.<String>getAs("id")).containsExactlyInAnyOrder("4", "5");
    assertThat(wholeQuarantine).extracting(row -> row.getAs("_origin"), row -> row.getAs("_record_number"), row -> row.getAs("_reason"))
        .containsExactly(
            tuple(origin, 1L, "the file is not valid UTF-8: some of its bytes do not decode (sources.legacy_whole.encoding-errors = quarantine-file)"),
            tuple(origin, 2L, "the file is not valid UTF-8: some of its bytes do not decode (sources.legacy_whole.encoding-errors = quarantine-file)"),
            tuple(origin, 3L, "the file is not valid UTF-8: some of its bytes do not decode (sources.legacy_whole.encoding-errors = quarantine-file)"));
    assertThat(whole.size() + wholeQuarantine.size()).as("input rows = written + quarantined")
        .isEqualTo(5);
    // JSON: Spark's reader cannot parse the line at all; it is quarantined as not UTF-8.
    assertThat(raw("legacy_json", "customers")).extracting(row -> row.<Long>getAs("id")).containsExactly(1L);
    assertThat(quarantine("legacy_json")).extracting(row -> row.getAs("_origin"), row -> row.getAs("_record_number"), row -> row.getAs("_reason"))
        .containsExactly(tuple("file:" + json, 2L, "not valid UTF-8: bytes that do not decode, shown as U+FFFD"));
    assertThat(code).isZero();
    assertThat(cli.out()).contains("source legacy_whole: 2 rows written, 3 quarantined");
  }

  private Path pipeline(String config) throws IOException {
    return Files.writeString(dir.resolve("p-" + UUID.randomUUID() + ".conf"), "name = badinput\n" + config);
  }

  private int runTo(Path config, String runDate, String stage) {
    return strata("run", "--config", config.toString(), "--run-date", runDate, "--to", stage);
  }

  private List<Row> processed(String entity) {
    return TestingSpark.session().read().format("delta").load(lake().processed(entity).uri()).orderBy("order_id").collectAsList();
  }

  @Test
  void rowFaultsAreQuarantinedOrDroppedWithTheirReasonAndEveryInputRowIsAccountedFor() throws IOException {
    // Ten records: five good ones; too many fields (ingest's quarantine); an amount that is not a number, a null key and a
    // null in a nullable = false column (process's quarantine); an older copy of order 2 (a duplicate, dropped).
    write("in/orders/1.csv", """
        order_id,product,amount,updated_at
        1,apple,10.00,2026-03-01 08:00:00
        2,pear,20.00,2026-03-01 09:00:00
        3,plum,30.00,2026-03-01 10:00:00
        4,fig,40.00,2026-03-01 11:00:00
        5,kiwi,50.00,2026-03-01 12:00:00
        6,lime,60.00,2026-03-01 12:00:00,EXTRA
        7,date,sixty,2026-03-01 12:00:00
        ,lemon,70.00,2026-03-01 12:00:00
        9,,90.00,2026-03-01 12:00:00
        2,pear,19.00,2026-03-01 07:00:00
        """);
    Path config = pipeline("""
        lake.root = lake
        sources.order_files { type = file, entity = orders, path = "in/orders/*.csv", max-bad-records = 5 }
        entities.orders {
          source = order_files, key = [order_id], change-order = updated_at
          columns { order_id { type = bigint, nullable = false }, product { type = string, nullable = false }
            amount = "decimal(10,2)", updated_at = timestamp }
        }
        quality.tables.processed.orders.balanced { type = reconciliation }
        """);

    assertThat(runTo(config, RUN_DATE, "quality")).as(cli.err()).isZero();

    assertThat(cli.out()).contains("source order_files: 9 rows written, 1 quarantined")
        .contains("entity orders: 9 rows in, 5 compared (5 new, 0 changed, 0 unchanged), 0 deleted, 1 duplicates dropped, 3 quarantined");
    assertThat(quarantine("order_files")).extracting(row -> row.getAs("_record_number"), row -> row.getAs("_reason"))
        .containsExactly(tuple(6L, "5 fields, expected 4"));
    List<Row> rejected = TestingSpark.session().read().format("delta").load(lake().quarantine(Layer.PROCESSED, "orders").uri())
        .orderBy("_column").collectAsList();
    assertThat(rejected).extracting(row -> row.getAs("_column"), row -> row.getAs("_rule"), row -> row.getAs("_reason"))
        .containsExactly(
            tuple("amount", "type", "value 'sixty' is not a valid decimal(10,2)"),
            tuple("order_id", "key", "the key column is null"),
            tuple("product", "not-null", "a not-null column is null"));
    // The latest change of order 2 wins; the processed table holds the five good orders.
    assertThat(processed("orders")).extracting(row -> row.getAs("order_id"), row -> row.getAs("amount").toString())
        .containsExactly(tuple(1L, "10.00"), tuple(2L, "20.00"), tuple(3L, "30.00"), tuple(4L, "40.00"), tuple(5L, "50.00"));
    // input 10 = raw 9 + ingest quarantine 1; raw 9 = processed 5 + duplicates 1 + process quarantine 3: the check says so.
    List<Row> checks = TestingSpark.session().read().format("delta")
        .load(lake().runLog(io.strata.jobs.quality.QualityResults.TABLE).uri()).collectAsList();
    assertThat(checks).extracting(row -> row.getAs("status"), row -> row.getAs("message"))
        .containsExactly(tuple("PASS", "process read 9 = written 5 + duplicates 1 + quarantined 3; ingest of order_files wrote 9 raw rows, process read 9"));
  }

  @Test
  void columnsThatAppearOrDisappearFailByDefaultNamingThePolicyAndFollowItWhenSet() throws IOException {
    String sources = """
        lake.root = lake
        sources.event_files { type = file, entity = events, path = "in/events/*.csv" }
        """;
    String entity = "entities.events { source = event_files, key = [id], columns { id { type = bigint, nullable = false }, kind = string,"
        + " amount = double }%s }\n";
    Path strict = pipeline(sources + entity.formatted(""));
    write("in/events/1.csv", "id,kind,amount\n1,a,1.5\n2,b,2.5\n");
    assertThat(runTo(strict, "2026-03-01", "process")).as(cli.err()).isZero();

    // Day 2's file lost amount and gained coupon.
    write("in/events/2.csv", "id,kind,coupon\n3,c,X1\n4,d,X2\n");
    assertThat(runTo(strict, "2026-03-02", "process")).isEqualTo(ExitCodes.RUNTIME_FAILURE);
    // Both differences at once, each with its fix, so one edit of the config settles them.
    assertThat(cli.err()).isEqualTo("strata: process failed for entity events" + System.lineSeparator()
        + "  - events: entities.events: the raw data has new column(s) coupon. Fix: declare them under entities.events.columns, or set "
        + "entities.events.drift.new-columns = evolve or ignore; and declared column(s) amount are missing from the raw data of source "
        + "event_files. Fix: correct the source or the column names (rename), or set entities.events.drift.missing-columns = fill-null"
        + System.lineSeparator());
    assertThat(TestingSpark.session().read().format("delta").load(lake().processed("events").uri()).count())
        .as("nothing of day 2 is written").isEqualTo(2);

    Path lenient = pipeline(sources + entity.formatted(", drift { new-columns = evolve, missing-columns = fill-null }"));
    assertThat(strata("process", "--config", lenient.toString(), "--run-date", "2026-03-02")).as(cli.err()).isZero();
    assertThat(cli.out()).contains("entity events: 2 rows in, 2 compared (2 new, 0 changed, 0 unchanged), 0 deleted, "
        + "0 duplicates dropped, 0 quarantined");
    List<Row> events = TestingSpark.session().read().format("delta").load(lake().processed("events").uri()).orderBy("id").collectAsList();
    assertThat(events).extracting(row -> row.getAs("id"), row -> row.getAs("amount"), row -> row.getAs("coupon"))
        .containsExactly(tuple(1L, 1.5, null), tuple(2L, 2.5, null), tuple(3L, null, "X1"), tuple(4L, null, "X2"));
  }

  @Test
  void aMissingTableAndAWrongPasswordFailTheirSourceAloneNamedAndNeverShowThePassword() throws Exception {
    TestingPostgres postgres = TestingPostgres.shared();
    String url = postgres.createDatabase("badinput_" + UUID.randomUUID().toString().substring(0, 8));
    try (java.sql.Connection connection = java.sql.DriverManager.getConnection(url, TestingPostgres.USER, postgres.password());
         java.sql.Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE customers (customer_id BIGINT PRIMARY KEY, segment TEXT)");
      statement.execute("INSERT INTO customers VALUES (1, 'retail'), (2, 'trade')");
      statement.execute("GRANT SELECT ON customers TO " + postgres.passwordLoginRole("strata_badinput_reader", "Right-Passw0rd-17"));
    }
    Path right = Files.writeString(dir.resolve("right.password"), postgres.password());
    Path wrong = Files.writeString(dir.resolve("wrong.password"), "Wr0ng-Passw0rd-17");
    write("in/orders/1.csv", "id,name\n1,Ada\n2,Grace\n");
    Path config = pipeline("""
        lake.root = lake
        sources {
          missing_table { type = jdbc, entity = customers, url = "%1$s", user = postgres, password = "file:%2$s", table = no_such_table }
          locked_out { type = jdbc, entity = customers, url = "%1$s", user = strata_badinput_reader, password = "file:%3$s", table = customers }
          customers_db { type = jdbc, entity = customers, url = "%1$s", user = postgres, password = "file:%2$s", table = customers }
          orders { type = file, entity = orders, path = "in/orders/*.csv" }
        }
        """.formatted(url, right, wrong));

    assertThat(strata("ingest", "--config", config.toString(), "--run-date", RUN_DATE)).isEqualTo(ExitCodes.RUNTIME_FAILURE);

    assertThat(cli.err()).startsWith("strata: ingest failed for sources missing_table, locked_out")
        .contains("source 'missing_table'").contains("sources.missing_table.table").contains("no_such_table")
        .contains("source 'locked_out'").contains("sources.locked_out.user and sources.locked_out.password")
        .contains("the batches of customers_db, orders are committed")
        .doesNotContain("Wr0ng-Passw0rd-17").doesNotContain("Right-Passw0rd-17").doesNotContain("bug in Strata");
    assertThat(cli.out()).doesNotContain("Wr0ng-Passw0rd-17")
        .contains("source customers_db: 2 rows written, 0 quarantined").contains("source orders: 2 rows written, 0 quarantined");
    assertThat(raw("customers_db", "customers")).hasSize(2);
    assertThat(raw("orders", "orders")).hasSize(2);
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream zipped = new java.util.zip.GZIPOutputStream(out)) {
      zipped.write(bytes);
    }
    return out.toByteArray();
  }

  @Test
  void aLakeRootStrataMayNotWriteIsAConfigProblem() throws IOException {
    // /sys refuses new entries even to root, which a chmod'ed directory would not.
    Path sys = Path.of("/sys");
    assumeTrue(cannotCreateIn(sys), "needs a directory that refuses writes, even to root");
    String missing = "/sys/strata-lake-" + UUID.randomUUID().toString().substring(0, 8);

    assertThat(ingest("lake.root = \"" + missing + "\"\n")).isEqualTo(ExitCodes.BAD_USAGE_OR_CONFIG);
    assertThat(cli.err()).startsWith("strata: 1 problem in the pipeline config:" + System.lineSeparator()
            + "  - lake.root: cannot write to file://" + missing + " (")
        .contains(". Fix: give the user running Strata (" + System.getProperty("user.name")
            + ") write access to it, or point lake.root at a writable directory")
        .doesNotContain("unexpected").doesNotContain("DELTA_").doesNotContain("bug in Strata");

    assertThat(ingest("lake.root = /sys/kernel\n")).isEqualTo(ExitCodes.BAD_USAGE_OR_CONFIG);
    assertThat(cli.err()).contains("  - lake.root: cannot write to file:///sys/kernel").contains("(Permission denied). Fix: ")
        .doesNotContain("bug in Strata");
  }

  private static boolean cannotCreateIn(Path directory) {
    Path probe = directory.resolve("strata-probe-" + UUID.randomUUID());
    try {
      Files.createDirectory(probe);
      Files.delete(probe);
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  @Test
  void lakeFilesAreOwnerOnlyUnlessLakeUmaskSaysOtherwise() throws IOException {
    write("in/orders/1.csv", "id,name\n1,Ada\n2,Grace,EXTRA\n");
    String sources = "sources.orders { type = file, entity = orders, path = \"in/orders/*.csv\", max-bad-records = 5 }\n";

    assertThat(ingest("lake { root = shared, umask = \"027\" }\n" + sources)).isZero();
    assertPermissions(dir.resolve("shared"), "rw-r-----", "rwxr-x---");

    assertThat(ingest("lake.root = lake\n" + sources)).isZero();
    assertThat(dir.resolve("lake/raw")).isDirectory();
    assertThat(dir.resolve("lake/quarantine")).isDirectory();
    assertThat(dir.resolve("lake/_state")).isDirectory();
    assertPermissions(dir.resolve("lake"), "rw-------", "rwx------");
  }

  /** Every file and directory under {@code root}, the root included, read back from the file system. */
  private static void assertPermissions(Path root, String files, String directories) throws IOException {
    try (Stream<Path> all = Files.walk(root)) {
      List<Path> paths = all.toList();
      assertThat(paths).hasSizeGreaterThan(10);
      for (Path path : paths) {
        String expected = Files.isDirectory(path) ? directories : files;
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).as(path.toString()).isEqualTo(expected);
      }
    }
  }
}
