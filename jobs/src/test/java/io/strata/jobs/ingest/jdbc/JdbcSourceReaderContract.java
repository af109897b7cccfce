package io.strata.jobs.ingest.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.jobs.ingest.IngestRequest;
import io.strata.jobs.ingest.IngestTesting;
import io.strata.jobs.ingest.SourceRead;
import io.strata.jobs.ingest.SourceState;
import io.strata.jobs.testing.TestingSpark;
import io.strata.layout.StrataException;
import io.strata.layout.config.JdbcSourceConfig;
import io.strata.layout.config.Secret;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@link JdbcSourceReader} does against a real database server; one subclass per server.
 * Tables are tiny and each test owns its tables.
 */
abstract class JdbcSourceReaderContract {
  protected final SparkSession spark = TestingSpark.session();

  protected abstract JdbcTestDatabase database();

  // ---- full snapshots

  @Test
  void fullLoadReadsTheWholeTableEachRunAndKeepsTheState() {
    ordersTable("full_orders");
    insert("full_orders", 1, "Ada", "2026-03-01 10:00:00");
    insert("full_orders", 2, "Bob", "2026-03-01 11:00:00");
    SourceState previous = SourceState.empty().with("note", "kept");
    JdbcSourceConfig config = config("full_orders", Optional.of("full_orders"), Optional.empty(), "full", List.of(), Duration.ZERO, Optional.empty());

    SourceRead first = read(config, previous);
    List<Long> firstIds = ids(first); // Spark reads lazily: collect now, as the ingest stage writes now
    insert("full_orders", 3, "Cy", "2026-03-01 09:00:00");
    SourceRead second = read(config, first.next());

    assertThat(firstIds).containsExactly(1L, 2L);
    assertThat(ids(second)).containsExactly(1L, 2L, 3L);
    assertThat(origins(first)).containsExactly("table full_orders");
    assertThat(first.records().columns()).containsExactly("id", "customer", "updated_at", "_origin");
    assertThat(first.next()).isEqualTo(previous);
    assertThat(first.quarantined()).isEmpty();
    assertThat(first.metrics()).containsEntry("partitions", 1L);
  }

  @Test
  void fullLoadFromAQuery() {
    ordersTable("query_orders");
    insert("query_orders", 1, "Ada", "2026-03-01 10:00:00");
    insert("query_orders", 2, "Bob", "2026-03-01 11:00:00");
    insert("query_orders", 3, "Cy", "2026-03-01 12:00:00");
    JdbcSourceConfig config = config("query_orders", Optional.empty(),
        Optional.of("SELECT id, upper(customer) AS customer FROM query_orders WHERE id >= 2;"), "full", List.of(), Duration.ZERO, Optional.empty());

    SourceRead read = read(config, SourceState.empty());

    assertThat(ids(read)).containsExactly(2L, 3L);
    assertThat(read.records().columns()).containsExactly("id", "customer", "_origin");
    assertThat(read.records().orderBy("id").select("customer").as(Encoders.STRING()).collectAsList()).containsExactly("BOB", "CY");
    assertThat(origins(read)).containsExactly("query");
    assertThat(read.next()).isEqualTo(SourceState.empty());
  }

  // ---- incremental

  @Test
  void incrementalOnOneColumnReadsOnlyNewAndUpdatedRowsOnTheNextRun() {
    ordersTable("inc_orders");
    insert("inc_orders", 1, "Ada", "2026-03-01 10:00:00");
    insert("inc_orders", 2, "Bob", "2026-03-01 11:00:00.5");
    JdbcSourceConfig config = incremental("inc_orders", List.of("updated_at"), Duration.ZERO);

    SourceRead first = read(config, SourceState.empty());
    List<Long> firstIds = ids(first);
    database().execute("UPDATE inc_orders SET customer = 'Ada L', updated_at = TIMESTAMP '2026-03-02 08:00:00' WHERE id = 1");
    insert("inc_orders", 3, "Cy", "2026-03-02 09:00:00");
    SourceRead second = read(config, first.next());
    SourceRead third = read(config, second.next());

    assertThat(firstIds).containsExactly(1L, 2L);
    assertThat(first.next().values()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "cursor_columns", "[\"updated_at\"]", "cursor", "[\"2026-03-01T11:00:00.500\"]"));
    assertThat(ids(second)).containsExactly(1L, 3L);
    assertThat(second.next().get("cursor")).contains("[\"2026-03-02T09:00\"]");
    assertThat(origins(second)).singleElement().asString()
        .startsWith("table inc_orders where ")
        .contains("2026-03-01 11:00:00.500000", "2026-03-02 09:00:00.000000");
    assertThat(ids(third)).isEmpty();
    assertThat(third.next()).isEqualTo(second.next());
    assertThat(third.metrics()).containsEntry("empty_range", 1L).containsEntry("partitions", 1L);
  }

  @Test
  void compoundCursorNeverLosesARowThatTiesOnTheTimestamp() {
    ordersTable("tie_orders");
    insert("tie_orders", 10, "A", "2026-03-01 10:00:00");
    JdbcSourceConfig config = incremental("tie_orders", List.of("updated_at", "id"), Duration.ZERO);

    SourceRead first = read(config, SourceState.empty());
    List<Long> firstIds = ids(first);
    insert("tie_orders", 11, "B", "2026-03-01 10:00:00"); // same updated_at, larger id, committed after the first run
    SourceRead second = read(config, first.next());

    assertThat(firstIds).containsExactly(10L);
    assertThat(first.next().get("cursor_columns")).contains("[\"updated_at\",\"id\"]");
    assertThat(first.next().get("cursor")).contains("[\"2026-03-01T10:00\",\"10\"]");
    assertThat(ids(second)).containsExactly(11L);
    assertThat(second.next().get("cursor")).contains("[\"2026-03-01T10:00\",\"11\"]");
  }

  @Test
  void rowsCommittedWhileSparkReadsWaitForTheNextRun() {
    ordersTable("busy_orders");
    insert("busy_orders", 1, "Ada", "2026-03-01 10:00:00");
    JdbcSourceConfig config = incremental("busy_orders", List.of("updated_at", "id"), Duration.ZERO);

    SourceRead first = read(config, SourceState.empty());
    insert("busy_orders", 2, "Bob", "2026-03-01 11:00:00"); // after the watermark was taken, before Spark reads
    List<Long> firstIds = ids(first);
    SourceRead second = read(config, first.next());

    assertThat(firstIds).containsExactly(1L);
    assertThat(ids(second)).containsExactly(2L);
  }

  @Test
  void lookBackReReadsLateRowsWithinTheWindowOnly() {
    ordersTable("late_orders");
    insert("late_orders", 1, "Ada", "2026-03-01 10:00:00");
    insert("late_orders", 2, "Bob", "2026-03-01 10:30:00");
    JdbcSourceConfig config = incremental("late_orders", List.of("updated_at", "id"), Duration.ofMinutes(10));

    SourceRead first = read(config, SourceState.empty());
    List<Long> firstIds = ids(first);
    insert("late_orders", 3, "Late", "2026-03-01 10:25:00"); // committed late, 5 minutes before the watermark
    insert("late_orders", 4, "Too late", "2026-03-01 09:00:00"); // outside the window
    SourceRead second = read(config, first.next());

    assertThat(firstIds).containsExactly(1L, 2L);
    assertThat(ids(second)).containsExactly(2L, 3L); // 2 again: it lies inside the window
    assertThat(second.next().get("cursor")).contains("[\"2026-03-01T10:30\",\"2\"]");
  }

  @Test
  void aTextCursorWithQuotesAndBackslashesIsComparedSafely() {
    database().execute("DROP TABLE IF EXISTS names", "CREATE TABLE names (name VARCHAR(50) NOT NULL, n BIGINT NOT NULL)");
    database().update("INSERT INTO names VALUES (?, ?)", "a'b\\c", 1L);
    JdbcSourceConfig config = incremental("names", List.of("name"), Duration.ZERO);

    SourceRead first = read(config, SourceState.empty());
    database().update("INSERT INTO names VALUES (?, ?)", "b", 2L);
    SourceRead second = read(config, first.next());

    assertThat(first.next().get("cursor")).contains("[\"a'b\\\\c\"]");
    assertThat(second.records().select("n").as(Encoders.LONG()).collectAsList()).containsExactly(2L);
  }

  @Test
  void aRunStartedAgainFromTheSameStateReadsTheSameRows() {
    ordersTable("rerun_orders");
    insert("rerun_orders", 1, "Ada", "2026-03-01 10:00:00");
    JdbcSourceConfig config = incremental("rerun_orders", List.of("updated_at", "id"), Duration.ZERO);
    SourceState committed = read(config, SourceState.empty()).next();
    insert("rerun_orders", 2, "Bob", "2026-03-01 11:00:00");
    insert("rerun_orders", 3, "Cy", "2026-03-01 12:00:00");

    SourceRead failed = read(config, committed); // its batch was not written, so its state was never committed
    List<Long> failedIds = ids(failed);
    SourceRead again = read(config, committed);

    assertThat(failedIds).containsExactly(2L, 3L);
    assertThat(ids(again)).isEqualTo(failedIds);
    assertThat(again.next()).isEqualTo(failed.next());
  }

  // ---- parallel reads

  @Test
  void partitionedReadFindsBoundsItselfAndReadsEveryRow() {
    ordersTable("split_orders");
    for (int id = 1; id <= 12; id++) {
      insert("split_orders", id, "c" + id, "2026-03-01 10:" + String.format("%02d", id) + ":00");
    }
    JdbcSourceConfig config = config("split_orders", Optional.of("split_orders"), Optional.empty(), "full", List.of(), Duration.ZERO,
        Optional.of(new JdbcSourceConfig.Partitioning("id", 3, Optional.empty(), Optional.empty())));

    SourceRead read = read(config, SourceState.empty());

    assertThat(read.metrics()).containsEntry("partitions", 3L);
    assertThat(read.records().rdd().getNumPartitions()).isEqualTo(3);
    assertThat(ids(read)).containsExactlyElementsOf(range(1, 12));
  }

  @Test
  void partitionedReadWithGivenBoundsKeepsRowsOutsideThem() {
    ordersTable("bounded_orders");
    for (int id = 1; id <= 8; id++) {
      insert("bounded_orders", id, "c" + id, "2026-03-01 10:00:00");
    }
    JdbcSourceConfig config = config("bounded_orders", Optional.of("bounded_orders"), Optional.empty(), "full", List.of(), Duration.ZERO,
        Optional.of(new JdbcSourceConfig.Partitioning("id", 2, Optional.of("3"), Optional.of("6"))));

    SourceRead read = read(config, SourceState.empty());

    assertThat(read.metrics()).containsEntry("partitions", 2L);
    assertThat(ids(read)).containsExactlyElementsOf(range(1, 8));
  }

  @Test
  void partitionedIncrementalReadSplitsOnATimestampAndSurvivesAnEmptyRange() {
    ordersTable("split_inc_orders");
    for (int id = 1; id <= 6; id++) {
      insert("split_inc_orders", id, "c" + id, "2026-03-0" + id + " 10:00:00");
    }
    JdbcSourceConfig config = config("split_inc_orders", Optional.of("split_inc_orders"), Optional.empty(), "incremental",
        List.of("updated_at", "id"), Duration.ZERO, Optional.of(new JdbcSourceConfig.Partitioning("updated_at", 2, Optional.empty(), Optional.empty())));

    SourceRead first = read(config, SourceState.empty());
    SourceRead nothingNew = read(config, first.next());

    assertThat(first.metrics()).containsEntry("partitions", 2L);
    assertThat(ids(first)).containsExactlyElementsOf(range(1, 6));
    assertThat(nothingNew.metrics()).containsEntry("partitions", 1L);
    assertThat(ids(nothingNew)).isEmpty();
    assertThat(nothingNew.next()).isEqualTo(first.next());
  }

  @Test
  void partitionedReadSplitsOnADateColumn() {
    database().execute("DROP TABLE IF EXISTS daily", "CREATE TABLE daily (id BIGINT NOT NULL PRIMARY KEY, day DATE)",
        "INSERT INTO daily VALUES (1, DATE '2026-01-01'), (2, DATE '2026-01-15'), (3, DATE '2026-02-01'), (4, DATE '2026-03-01'), (5, NULL)");
    JdbcSourceConfig config = config("daily", Optional.of("daily"), Optional.empty(), "full", List.of(), Duration.ZERO,
        Optional.of(new JdbcSourceConfig.Partitioning("day", 2, Optional.empty(), Optional.empty())));

    SourceRead read = read(config, SourceState.empty());

    assertThat(read.metrics()).containsEntry("partitions", 2L);
    assertThat(ids(read)).containsExactly(1L, 2L, 3L, 4L, 5L);
  }

  // ---- failures a user can fix

  @Test
  void anUnknownTableNamesTheSourceAndTheTableSetting() {
    JdbcSourceConfig config = config("missing_orders", Optional.of("no_such_table"), Optional.empty(), "full", List.of(), Duration.ZERO, Optional.empty());

    assertThatThrownBy(() -> read(config, SourceState.empty()))
        .isInstanceOf(StrataException.class)
        .hasMessageContaining("source 'missing_orders'")
        .hasMessageContaining(database().url())
        .hasMessageContaining("sources.missing_orders.table")
        .hasMessageContaining("no_such_table");
  }

  @Test
  void anUnreachableServerNamesTheUrlSetting() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    String url = database().url().replaceFirst("127\\.0\\.0\\.1:\\d+", "127.0.0.1:" + closedPort);
    JdbcSourceConfig config = new JdbcSourceConfig("down", "orders", url, Optional.empty(), database().user(),
        Optional.of(Secret.of("env:DOWN_PASSWORD", "s3cret-value")), Optional.of("orders"), Optional.empty(), "full", List.of(),
        Duration.ZERO, Optional.empty(), 100);

    assertThatThrownBy(() -> read(config, SourceState.empty()))
        .isInstanceOf(StrataException.class)
        .hasMessageContaining("source 'down'")
        .hasMessageContaining("127.0.0.1:" + closedPort)
        .hasMessageContaining("sources.down.url")
        .message().doesNotContain("s3cret-value");
  }

  @Test
  void aCursorColumnThatIsNotAPlainNameIsRefusedBeforeAnySql() {
    JdbcSourceConfig config = incremental("orders", List.of("updated_at; DROP TABLE orders"), Duration.ZERO);

    assertThatThrownBy(() -> read(config, SourceState.empty()))
        .isInstanceOf(StrataException.class)
        .hasMessageContaining("sources.orders.cursor has 'updated_at; DROP TABLE orders', which is not a plain column name");
  }

  @Test
  void aQueryCallingAFunctionThatWritesFailsInTheReadOnlySessionAndWritesNothing(@TempDir Path lake) {
    database().execute("DROP TABLE IF EXISTS victim", "CREATE TABLE victim (id INT)");
    database().execute(writingFunction("strata_writes", "victim"));
    JdbcSourceConfig config = config("writer", Optional.empty(), Optional.of("SELECT strata_writes() AS x"), "full", List.of(),
        Duration.ZERO, Optional.empty());
    IngestTesting ingest = new IngestTesting(lake.toUri().toString(), config);

    assertThatThrownBy(() -> ingest.ingest(LocalDate.of(2026, 3, 2), "20260302T000000-ro"))
        .isInstanceOf(StrataException.class)
        .hasMessageContaining("ingest failed for source writer")
        .hasMessageContaining("source 'writer'")
        .hasMessageContaining("the query tried to write, and sources are read in a read-only session. Check sources.writer.query")
        .message().containsIgnoringCase("read-only");
    assertThat(database().count("victim")).isZero();
  }

  @Test
  void anIncrementalQueryThatWritesFailsAlreadyWhenTheWatermarkIsTaken() {
    database().execute("DROP TABLE IF EXISTS victim_inc", "CREATE TABLE victim_inc (id INT)");
    database().execute(writingFunction("strata_writes_inc", "victim_inc"));
    JdbcSourceConfig config = config("writer_inc", Optional.empty(), Optional.of("SELECT strata_writes_inc() AS x"), "incremental",
        List.of("x"), Duration.ZERO, Optional.empty());

    assertThatThrownBy(() -> read(config, SourceState.empty()))
        .isInstanceOf(StrataException.class)
        .hasMessageContaining("source 'writer_inc'")
        .hasMessageContaining("read-only session");
    assertThat(database().count("victim_inc")).isZero();
  }

  /** Statements that create a function {@code name()} returning 1 that inserts a row into {@code victim}. */
  protected abstract String[] writingFunction(String name, String victim);

  // ---- helpers

  protected void ordersTable(String table) {
    database().execute("DROP TABLE IF EXISTS " + table,
        "CREATE TABLE " + table + " (id BIGINT NOT NULL PRIMARY KEY, customer VARCHAR(50), updated_at " + database().timestampType() + " NOT NULL)");
  }

  protected void insert(String table, long id, String customer, String updatedAt) {
    database().execute("INSERT INTO " + table + " VALUES (" + id + ", '" + customer + "', TIMESTAMP '" + updatedAt + "')");
  }

  protected JdbcSourceConfig incremental(String table, List<String> cursor, Duration lookback) {
    return config(table, Optional.of(table), Optional.empty(), "incremental", cursor, lookback, Optional.empty());
  }

  protected JdbcSourceConfig config(String name, Optional<String> table, Optional<String> query, String mode, List<String> cursor,
      Duration lookback, Optional<JdbcSourceConfig.Partitioning> partitioning) {
    return new JdbcSourceConfig(name, name, database().url(), Optional.empty(), database().user(),
        Optional.of(Secret.of("env:TEST_DB_PASSWORD", database().password())), table, query, mode, cursor, lookback, partitioning, 100);
  }

  protected SourceRead read(JdbcSourceConfig config, SourceState previous) {
    return new JdbcSourceReader().read(new IngestRequest<>(spark, config, LocalDate.of(2026, 3, 2), previous, previous));
  }

  protected static List<Long> ids(SourceRead read) {
    return read.records().select("id").as(Encoders.LONG()).collectAsList().stream().sorted().toList();
  }

  protected static List<String> origins(SourceRead read) {
    return read.records().select(SourceRead.ORIGIN).distinct().collectAsList().stream().map((Row row) -> row.getString(0)).toList();
  }

  private static List<Long> range(long from, long to) {
    return java.util.stream.LongStream.rangeClosed(from, to).boxed().toList();
  }
}
