package io.strata.jobs.ingest.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.strata.jobs.ingest.IngestTesting;
import io.strata.jobs.ingest.state.SourceStateStore;
import io.strata.jobs.stage.StageResult;
import io.strata.jobs.testing.TestingS3Server;
import io.strata.jobs.testing.TestingSpark;
import io.strata.layout.StrataException;
import io.strata.layout.config.FileSourceConfig;
import io.strata.layout.config.RestSourceConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** File sources into the raw layer: formats, malformed records, the ledger, idempotency, S3. */
class FileIngestIT {
  private static final LocalDate MARCH_1 = LocalDate.of(2026, 3, 1);
  private static final LocalDate MARCH_2 = LocalDate.of(2026, 3, 2);

  @TempDir Path dir;

  private Path landing() throws IOException {
    return Files.createDirectories(dir.resolve("landing"));
  }

  private String lake() {
    return dir.resolve("lake").toUri().toString();
  }

  private static FileSourceConfig csv(String name, Path glob, long maxBad) {
    return new FileSourceConfig(name, "orders", "file://" + glob, "csv", Map.of(), Optional.empty(), maxBad);
  }

  @Test
  void landsCsvWithMetadataAndQuarantinesMalformedRows() throws IOException {
    Path landing = landing();
    Files.writeString(landing.resolve("orders-1.csv"), """
        order_id,customer,amount
        1,Ada,12.50
        2,Zoë,
        3,Grace,7.00,EXTRA
        4,Edsger
        5,"Barbara, L.",3.10
        """);
    IngestTesting ingest = new IngestTesting(lake(), csv("shop_files", landing.resolve("*.csv"), 5));

    List<StageResult> results = ingest.ingest(MARCH_1, "20260301T000000-aaaa");

    assertThat(results).singleElement().satisfies(result -> {
      assertThat(result.target()).isEqualTo("shop_files");
      assertThat(result.rowsRead()).isEqualTo(5);
      assertThat(result.rowsWritten()).isEqualTo(3);
      assertThat(result.rowsQuarantined()).isEqualTo(2);
      assertThat(result.metrics()).containsEntry("files", 1L).containsEntry("bytes", Files.size(landing.resolve("orders-1.csv")))
          .containsEntry("raw_bytes", sizeOnDisk(ingest.config.lake().layout().rawBatch("shop_files", "orders", MARCH_1, "20260301T000000-aaaa")
              .uri()));
    });
    List<Row> raw = ingest.raw("shop_files", "orders").orderBy("order_id").collectAsList();
    String origin = "file:" + landing.resolve("orders-1.csv");
    assertThat(raw).extracting(row -> row.getAs("order_id"), row -> row.getAs("customer"), row -> row.getAs("amount"),
            row -> row.getAs("_origin"), row -> row.getAs("_source"), row -> row.getAs("_batch_id"), row -> row.getAs("_run_date").toString(),
            row -> row.getAs("ingest_date").toString(), row -> row.getAs("batch_id"))
        .containsExactly(
            tuple("1", "Ada", "12.50", origin, "shop_files", "20260301T000000-aaaa", "2026-03-01", "2026-03-01", "20260301T000000-aaaa"),
            tuple("2", "Zoë", null, origin, "shop_files", "20260301T000000-aaaa", "2026-03-01", "2026-03-01", "20260301T000000-aaaa"),
            tuple("5", "Barbara, L.", "3.10", origin, "shop_files", "20260301T000000-aaaa", "2026-03-01", "2026-03-01", "20260301T000000-aaaa"));
    assertThat(raw).allSatisfy(row -> assertThat(row.<java.sql.Timestamp>getAs("_ingested_at")).isNotNull());
    assertThat(ingest.quarantine("shop_files").orderBy("_record_number").collectAsList())
        .extracting(row -> row.getAs("_origin"), row -> row.getAs("_record_number"), row -> row.getAs("_record"), row -> row.getAs("_reason"))
        .containsExactly(
            tuple(origin, 3L, "3,Grace,7.00,EXTRA", "4 fields, expected 3"),
            tuple(origin, 4L, "4,Edsger", "2 fields, expected 3"));
  }

  @Test
  void aSecondRunTakesOnlyNewFilesAndReingestsAChangedOne() throws IOException {
    Path landing = landing();
    Path first = Files.writeString(landing.resolve("a.csv"), "id,name\n1,one\n");
    IngestTesting ingest = new IngestTesting(lake(), csv("drop", landing.resolve("*.csv"), 0));
    ingest.ingest(MARCH_1, "r1");

    Files.writeString(landing.resolve("b.csv"), "id,name\n2,two\n");
    StageResult second = ingest.ingest(MARCH_2, "r2").get(0);

    assertThat(second.rowsWritten()).isEqualTo(1);
    assertThat(second.metrics()).containsEntry("files", 1L).containsEntry("skipped_files", 1L);
    Files.writeString(first, "id,name\n1,one\n3,three\n");
    Files.setLastModifiedTime(first, FileTime.from(Instant.now().plusSeconds(5)));
    StageResult third = ingest.ingest(LocalDate.of(2026, 3, 3), "r3").get(0);

    assertThat(third.rowsWritten()).isEqualTo(2);
    assertThat(third.metrics()).containsEntry("changed_files", 1L).containsEntry("files", 1L);
    assertThat(ingest.raw("drop", "orders").collectAsList())
        .extracting(row -> row.getAs("batch_id") + ":" + row.getAs("id"))
        .containsExactlyInAnyOrder("r1:1", "r2:2", "r3:1", "r3:3");
    StageResult nothingNew = ingest.ingest(LocalDate.of(2026, 3, 4), "r4").get(0);
    assertThat(nothingNew.rowsWritten()).isZero();
    assertThat(Files.exists(dir.resolve("lake/raw/drop/orders/ingest_date=2026-03-04"))).isFalse();
  }

  @Test
  void rerunningARunDateReplacesItsBatchWithIdenticalContent() throws IOException {
    Path landing = landing();
    Files.writeString(landing.resolve("a.csv"), "id,name\n1,one\n2,two\n");
    IngestTesting ingest = new IngestTesting(lake(), csv("drop", landing.resolve("*.csv"), 0));
    ingest.ingest(MARCH_1, "attempt1");
    Files.writeString(landing.resolve("b.csv"), "id,name\n3,three\n");
    ingest.ingest(MARCH_2, "day2");
    List<String> before = contents(ingest);

    ingest.ingest(MARCH_1, "attempt2");

    assertThat(contents(ingest)).isEqualTo(before);
    try (Stream<Path> batches = Files.list(dir.resolve("lake/raw/drop/orders/ingest_date=2026-03-01"))) {
      assertThat(batches.map(path -> path.getFileName().toString())).containsExactly("batch_id=attempt2");
    }
    // Clean files are written in one pass and the batch marked complete after it: process reads only complete batches.
    assertThat(dir.resolve("lake/raw/drop/orders/ingest_date=2026-03-01/batch_id=attempt2/_SUCCESS")).exists();
  }

  private static List<String> contents(IngestTesting ingest) {
    return ingest.raw("drop", "orders").selectExpr("concat_ws('|', ingest_date, id, name, _origin, _run_date)").as(
        org.apache.spark.sql.Encoders.STRING()).collectAsList().stream().sorted().toList();
  }

  @Test
  void aFailedStateCommitIsHealedByRerunningTheSameDate() throws IOException {
    Path landing = landing();
    Files.writeString(landing.resolve("a.csv"), "id,name\n1,one\n2,two\n");
    IngestTesting ingest = new IngestTesting(lake(), csv("drop", landing.resolve("*.csv"), 0));
    // A file where the state directory belongs makes the commit fail after the batch is written.
    Path stateDir = Files.createDirectories(dir.resolve("lake/_state/sources")).resolve("drop");
    Files.writeString(stateDir, "in the way");

    assertThatThrownBy(() -> ingest.ingest(MARCH_1, "attempt1"))
        .isInstanceOf(StrataException.class)
        .hasMessageContaining("cannot commit the state of source 'drop'")
        .hasMessageContaining("re-running the same --run-date replaces it");
    assertThat(ingest.raw("drop", "orders").count()).isEqualTo(2);

    Files.delete(stateDir);
    ingest.ingest(MARCH_1, "attempt2");

    assertThat(ingest.raw("drop", "orders").collectAsList()).extracting(row -> row.getAs("batch_id") + ":" + row.getAs("id"))
        .containsExactlyInAnyOrder("attempt2:1", "attempt2:2");
    assertThat(ingest.ingest(MARCH_2, "day2").get(0).rowsWritten()).isZero();
  }

  @Test
  void tooManyMalformedRecordsFailTheSourceWithoutAdvancingItsLedger() throws IOException {
    Path landing = landing();
    Files.writeString(landing.resolve("bad.csv"), "id,name\n1\n2\n3,three\n");
    IngestTesting ingest = new IngestTesting(lake(), csv("drop", landing.resolve("*.csv"), 1));

    assertThatThrownBy(() -> ingest.ingest(MARCH_1, "r1"))
        .isInstanceOf(StrataException.class)
        .hasMessageContaining("ingest failed for source drop")
        .hasMessageContaining("2 malformed records, more than sources.drop.max-bad-records = 1; they are in file://" + dir.resolve("lake")
            + "/quarantine/raw/drop/ingest_date=2026-03-01/batch_id=r1");
    assertThat(dir.resolve("lake/raw/drop")).doesNotExist();
    assertThat(new SourceStateStore(ingest.config.lake().layout(), TestingSpark.session().sparkContext().hadoopConfiguration())
        .history("drop").entries()).isEmpty();
  }

  @Test
  void readsJsonLinesJsonArraysAndParquet() throws IOException {
    Path landing = landing();
    Files.writeString(landing.resolve("events.jsonl"), """
        {"id": 1, "kind": "click", "tags": ["a"]}
        {"id": 2, "kind": "view"
        {"id": 3, "kind": "buy", "tags": []}
        """);
    Files.writeString(landing.resolve("more.json"), """
        [
          {"id": 10, "kind": "click"},
          {"id": 11, "kind": "view"}
        ]
        """);
    TestingSpark.session().sql("SELECT * FROM VALUES (100L, 'x'), (101L, 'y') AS t(id, kind)")
        .write().parquet(dir.resolve("parquet-drop").toString());
    IngestTesting ingest = new IngestTesting(lake(),
        new FileSourceConfig("events", "events", "file://" + landing.resolve("*.jsonl"), "json", Map.of(), Optional.empty(), 5),
        new FileSourceConfig("arrays", "events", "file://" + landing.resolve("*.json"), "json", Map.of("multiLine", "true"), Optional.empty(), 0),
        new FileSourceConfig("parquet", "events", "file://" + dir.resolve("parquet-drop"), "parquet", Map.of(), Optional.empty(), 0));

    List<StageResult> results = ingest.ingest(MARCH_1, "r1");

    assertThat(results).extracting(StageResult::target, StageResult::rowsWritten, StageResult::rowsQuarantined)
        .containsExactly(tuple("events", 2L, 1L), tuple("arrays", 2L, 0L), tuple("parquet", 2L, 0L));
    assertThat(ingest.raw("events", "events").orderBy("id").collectAsList()).extracting(row -> row.getAs("id"), row -> row.getAs("kind"))
        .containsExactly(tuple(1L, "click"), tuple(3L, "buy"));
    assertThat(ingest.quarantine("events").collectAsList()).singleElement().satisfies(row -> {
      assertThat(row.<Long>getAs("_record_number")).isEqualTo(2L);
      assertThat(row.<String>getAs("_record")).isEqualTo("{\"id\": 2, \"kind\": \"view\"");
      assertThat(row.<String>getAs("_reason")).isEqualTo("unparseable JSON record");
    });
    assertThat(ingest.raw("arrays", "events").orderBy("id").collectAsList()).extracting(row -> row.getAs("id")).containsExactly(10L, 11L);
    assertThat(ingest.raw("parquet", "events").orderBy("id").collectAsList()).extracting(row -> row.getAs("kind")).containsExactly("x", "y");
  }

  @Test
  void readsFromS3AndLandsInAnS3Lake() throws Exception {
    String bucket = "s3a://" + TestingS3Server.shared().bucket(TestingSpark.LAKE_BUCKET);
    String prefix = bucket + "/file-ingest-" + UUID.randomUUID();
    Path local = Files.writeString(landing().resolve("orders.csv"), "id,name\n1,one\n2,two\n");
    org.apache.hadoop.fs.Path remote = new org.apache.hadoop.fs.Path(prefix + "/landing/orders.csv");
    FileSystem fs = remote.getFileSystem(TestingSpark.session().sparkContext().hadoopConfiguration());
    fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(local.toUri()), remote);
    IngestTesting ingest = new IngestTesting(prefix + "/lake",
        new FileSourceConfig("s3_drop", "orders", prefix + "/landing/*.csv", "csv", Map.of(), Optional.empty(), 0));

    StageResult result = ingest.ingest(MARCH_1, "r1").get(0);

    assertThat(result.rowsWritten()).isEqualTo(2);
    assertThat(ingest.raw("s3_drop", "orders").orderBy("id").collectAsList())
        .extracting(row -> row.getAs("name"), row -> row.getAs("_origin"))
        .containsExactly(tuple("one", prefix + "/landing/orders.csv"), tuple("two", prefix + "/landing/orders.csv"));
  }

  @Test
  void oneFailingSourceFailsTheStageAndLeavesTheOthersCommitted() throws IOException {
    Path landing = landing();
    Files.writeString(landing.resolve("a.csv"), "id\n1\n");
    RestSourceConfig unsupported = new RestSourceConfig("api", "api", java.net.URI.create("http://127.0.0.1:9/x"), "",
        RestSourceConfig.Pagination.none(), RestSourceConfig.Auth.none(), Map.of(), Map.of(), Optional.empty(),
        new RestSourceConfig.Retry(1, Duration.ZERO, Duration.ZERO), 10, Duration.ofMillis(200), Duration.ofMillis(200), 10);
    IngestTesting ingest = new IngestTesting(lake(), unsupported, csv("drop", landing.resolve("*.csv"), 0));

    assertThatThrownBy(() -> ingest.ingest(MARCH_1, "r1"))
        .isInstanceOf(StrataException.class)
        .hasMessageStartingWith("ingest failed for source api")
        .hasMessageContaining("the batches of drop are committed");
    assertThat(ingest.raw("drop", "orders").count()).isEqualTo(1);
    assertThat(ingest.progress).anyMatch(line -> line.startsWith("source api FAILED: "));
  }

  @Test
  void runsOnlyTheSourceAskedFor() throws IOException {
    Path landing = landing();
    Files.writeString(landing.resolve("a.csv"), "id\n1\n");
    IngestTesting ingest = new IngestTesting(lake(), csv("one", landing.resolve("*.csv"), 0), csv("two", landing.resolve("*.csv"), 0));

    assertThat(ingest.ingest(MARCH_1, "r1", Optional.of("two"))).extracting(StageResult::target).containsExactly("two");
    assertThatThrownBy(() -> ingest.ingest(MARCH_1, "r1", Optional.of("three")))
        .hasMessage("--source three: no such source in the config; sources: one, two");
  }

  /** The bytes of a batch's data files as the lake holds them (Hadoop's checksum files aside). */
  private static long sizeOnDisk(String uri) throws IOException {
    try (Stream<Path> files = Files.walk(Path.of(java.net.URI.create(uri)))) {
      long total = 0;
      for (Path file : files.filter(Files::isRegularFile).filter(file -> !file.getFileName().toString().endsWith(".crc")).toList()) {
        total += Files.size(file);
      }
      return total;
    }
  }
}
