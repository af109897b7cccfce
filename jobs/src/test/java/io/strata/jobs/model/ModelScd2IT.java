package io.strata.jobs.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.jobs.stage.StageResult;
import io.strata.layout.config.DimensionConfig;
import io.strata.layout.config.ModelConfig;
import io.strata.layout.config.ModelSource;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each SCD2 rule on a few hand-built rows, with the exact rows the dimension must hold afterwards. */
class ModelScd2IT {
  private static final LocalDate DAY1 = LocalDate.of(2026, 3, 1);
  private static final LocalDate DAY2 = LocalDate.of(2026, 3, 2);
  private static final LocalDate DAY3 = LocalDate.of(2026, 3, 3);
  private static final String[] COLUMNS = {"dim_customer_key", "customer_id", "city", "segment", "name", "effective_from",
      "effective_to", "is_current", "version", "is_deleted"};
  private static final String OPEN = "9999-12-31 23:59:59";
  private static final String UNKNOWN = "-1|null|null|null|null|1900-01-01 00:00:00|" + OPEN + "|true|1|false";

  @TempDir Path dir;

  private ModelTesting model(Optional<String> changeTime, boolean fullSnapshot) {
    return model(changeTime, fullSnapshot, "lake", List.of("id"));
  }

  private ModelTesting model(Optional<String> changeTime, boolean fullSnapshot, String lake, List<String> entityKey) {
    DimensionConfig customer = new DimensionConfig("dim_customer", ModelSource.entity("customers"), List.of("customer_id"), 2,
        List.of("city", "segment"), List.of("name"), List.of(), changeTime, fullSnapshot);
    return new ModelTesting(dir.resolve(lake).toUri().toString(),
        new ModelConfig(Map.of("dim_customer", customer), Optional.empty(), Map.of()), entityKey, "customers");
  }

  @Test
  void aFirstBuildFromAnEntityKeyedOnTheNaturalKeyTakesEachRowAsItsMembersFirstVersion() {
    // Keyed on customer_id, the entity holds one row per member: the build skips the history rebuild.
    ModelTesting onePerKey = model(Optional.of("updated_at"), false, "one-per-key", List.of("customer_id"));
    ModelTesting rebuilt = model(Optional.of("updated_at"), false, "rebuilt", List.of("id"));
    String rows = customers(row(2, "Rome", "b2b", "Bob", "2026-03-01 10:00:00"), row(1, "Paris", null, "Ada", "2026-02-01 09:00:00"),
        row(3, "Oslo", "retail", null, "2026-01-15 08:30:00"));
    onePerKey.processed("customers", rows);
    rebuilt.processed("customers", rows);

    StageResult result = onePerKey.run(DAY1).get(0);
    rebuilt.run(DAY1);

    assertThat(onePerKey.rows("dim_customer", COLUMNS)).containsExactly(UNKNOWN,
        "1|1|Paris|null|Ada|2026-02-01 09:00:00|" + OPEN + "|true|1|false",
        "2|2|Rome|b2b|Bob|2026-03-01 10:00:00|" + OPEN + "|true|1|false",
        "3|3|Oslo|retail|null|2026-01-15 08:30:00|" + OPEN + "|true|1|false");
    assertThat(onePerKey.rows("dim_customer", COLUMNS)).isEqualTo(rebuilt.rows("dim_customer", COLUMNS));
    assertThat(onePerKey.table("dim_customer").schema()).isEqualTo(rebuilt.table("dim_customer").schema());
    assertThat(onePerKey.rows("dim_customer", "row_hash")).isEqualTo(rebuilt.rows("dim_customer", "row_hash"));
    assertThat(result.rowsRead()).isEqualTo(3);
    assertThat(result.metrics()).containsEntry("inserted", 3L).containsEntry("updated", 0L).containsEntry("removed", 0L);

    // The next day goes through the rebuild and finds the first versions as it would have made them.
    onePerKey.processed("customers", customers(row(1, "Lyon", null, "Ada", "2026-03-02 09:00:00"),
        row(2, "Rome", "b2b", "Bob", "2026-03-01 10:00:00"), row(3, "Oslo", "retail", null, "2026-01-15 08:30:00")));
    onePerKey.run(DAY2);
    assertThat(onePerKey.rows("dim_customer", COLUMNS)).containsExactly(UNKNOWN,
        "1|1|Paris|null|Ada|2026-02-01 09:00:00|2026-03-02 09:00:00|false|1|false",
        "2|2|Rome|b2b|Bob|2026-03-01 10:00:00|" + OPEN + "|true|1|false",
        "3|3|Oslo|retail|null|2026-01-15 08:30:00|" + OPEN + "|true|1|false",
        "4|1|Lyon|null|Ada|2026-03-02 09:00:00|" + OPEN + "|true|2|false");
  }

  private static String customers(String... rows) {
    return "SELECT * FROM VALUES " + String.join(", ", rows) + " AS t(customer_id, city, segment, name, email, updated_at)";
  }

  private static String row(long id, String city, String segment, String name, String updatedAt) {
    return "(" + id + "L, " + quote(city) + ", " + quote(segment) + ", " + quote(name) + ", 'x@example.com', TIMESTAMP'" + updatedAt + "')";
  }

  private static String quote(String value) {
    return value == null ? "CAST(NULL AS STRING)" : "'" + value + "'";
  }

  @Test
  void severalChangesOfOneKeyInOneBatchBecomeVersionsInChangeTimeOrder() {
    ModelTesting model = model(Optional.of("updated_at"), false);
    model.processed("customers", customers(
        row(1, "Paris", "retail", "Ada", "2026-03-01 09:00:00"),
        row(1, "Lyon", "retail", "Ada", "2026-03-01 18:00:00"),
        row(1, "Nice", "retail", "Ada", "2026-03-01 12:00:00"),
        row(2, "Rome", "b2b", "Bob", "2026-03-01 10:00:00")));

    StageResult result = model.run(DAY1).get(0);

    assertThat(model.rows("dim_customer", COLUMNS)).containsExactly(UNKNOWN,
        "1|1|Paris|retail|Ada|2026-03-01 09:00:00|2026-03-01 12:00:00|false|1|false",
        "2|1|Nice|retail|Ada|2026-03-01 12:00:00|2026-03-01 18:00:00|false|2|false",
        "3|1|Lyon|retail|Ada|2026-03-01 18:00:00|" + OPEN + "|true|3|false",
        "4|2|Rome|b2b|Bob|2026-03-01 10:00:00|" + OPEN + "|true|1|false");
    assertThat(result.rowsRead()).isEqualTo(4);
    assertThat(result.metrics()).containsEntry("inserted", 4L).containsEntry("updated", 0L);
  }

  @Test
  void aLateChangeSplitsTheIntervalItFallsIntoWithoutOverlap() {
    ModelTesting model = model(Optional.of("updated_at"), false);
    model.processed("customers", customers(row(1, "Paris", "retail", "Ada", "2026-03-01 09:00:00")));
    model.run(DAY1);
    model.processed("customers", customers(row(1, "Lyon", "retail", "Ada", "2026-03-02 09:00:00")));
    model.run(DAY2);
    model.processed("customers", customers(row(1, "Nice", "retail", "Ada", "2026-03-01 15:00:00")));

    StageResult late = model.run(DAY3).get(0);

    assertThat(model.rows("dim_customer", COLUMNS)).containsExactly(UNKNOWN,
        "1|1|Paris|retail|Ada|2026-03-01 09:00:00|2026-03-01 15:00:00|false|1|false",
        "2|1|Lyon|retail|Ada|2026-03-02 09:00:00|" + OPEN + "|true|3|false",
        "3|1|Nice|retail|Ada|2026-03-01 15:00:00|2026-03-02 09:00:00|false|2|false");
    assertThat(late.metrics()).containsEntry("inserted", 1L).containsEntry("updated", 2L);
  }

  @Test
  void aChangeInNoTrackedColumnMakesNoVersionButTypeOneColumnsUpdateEveryVersion() {
    ModelTesting model = model(Optional.empty(), false);
    model.processed("customers", customers(row(1, "Paris", "retail", "Ada", "2026-03-01 09:00:00")));
    model.run(DAY1);
    model.processed("customers", customers(row(1, "Paris", null, "Ada", "2026-03-02 09:00:00")));
    model.run(DAY2);
    // Only the type-1 name and an untracked column change; the tracked city and segment do not.
    model.processed("customers", "SELECT 1L AS customer_id, 'Paris' AS city, CAST(NULL AS STRING) AS segment, 'Ada King' AS name, "
        + "'new@example.com' AS email, TIMESTAMP'2026-03-03 09:00:00' AS updated_at");

    model.run(DAY3);

    assertThat(model.rows("dim_customer", COLUMNS)).containsExactly(UNKNOWN,
        "1|1|Paris|retail|Ada King|2026-03-01 00:00:00|2026-03-02 00:00:00|false|1|false",
        "2|1|Paris|null|Ada King|2026-03-02 00:00:00|" + OPEN + "|true|2|false");
  }

  @Test
  void aKeyMissingFromAFullSnapshotIsClosedAndFlaggedDeletedAndStartsANewVersionWhenItReturns() {
    ModelTesting model = model(Optional.of("updated_at"), true);
    model.processed("customers", customers(row(1, "Paris", "retail", "Ada", "2026-02-01 09:00:00"),
        row(2, "Rome", "b2b", "Bob", "2026-02-01 09:00:00")));
    model.run(DAY1);
    model.processed("customers", customers(row(1, "Paris", "retail", "Ada", "2026-02-01 09:00:00")));
    model.run(DAY2);

    assertThat(model.rows("dim_customer", COLUMNS)).containsExactly(UNKNOWN,
        "1|1|Paris|retail|Ada|2026-02-01 09:00:00|" + OPEN + "|true|1|false",
        "2|2|Rome|b2b|Bob|2026-02-01 09:00:00|2026-03-02 00:00:00|false|1|true");

    model.processed("customers", customers(row(1, "Paris", "retail", "Ada", "2026-02-01 09:00:00"),
        row(2, "Rome", "b2b", "Bob", "2026-02-01 09:00:00")));
    model.run(DAY3);

    assertThat(model.rows("dim_customer", COLUMNS)).containsExactly(UNKNOWN,
        "1|1|Paris|retail|Ada|2026-02-01 09:00:00|" + OPEN + "|true|1|false",
        "2|2|Rome|b2b|Bob|2026-02-01 09:00:00|2026-03-02 00:00:00|false|1|true",
        "3|2|Rome|b2b|Bob|2026-03-03 00:00:00|" + OPEN + "|true|2|false");
  }

  @Test
  void aCorrectionThatMergesTwoVersionsNeverHandsTheirKeyOutAgain() {
    ModelTesting model = model(Optional.of("updated_at"), false);
    model.processed("customers", customers(row(1, "Paris", "retail", "Ada", "2026-03-01 09:00:00"),
        row(1, "Lyon", "retail", "Ada", "2026-03-01 15:00:00")));
    model.run(DAY1);
    // The source corrects the 15:00 change: the customer stayed in Paris, so the two versions are one.
    model.processed("customers", customers(row(1, "Paris", "retail", "Ada", "2026-03-01 15:00:00")));
    StageResult correction = model.run(DAY2).get(0);
    model.processed("customers", customers(row(1, "Oslo", "retail", "Ada", "2026-03-03 09:00:00")));

    model.run(DAY3);

    assertThat(correction.metrics()).containsEntry("removed", 1L).containsEntry("updated", 1L);
    assertThat(model.rows("dim_customer", COLUMNS)).containsExactly(UNKNOWN,
        "1|1|Paris|retail|Ada|2026-03-01 09:00:00|2026-03-03 09:00:00|false|1|false",
        "3|1|Oslo|retail|Ada|2026-03-03 09:00:00|" + OPEN + "|true|2|false");
  }

  @Test
  void reRunningTheSameRunDateChangesNothing() {
    ModelTesting model = model(Optional.of("updated_at"), true);
    model.processed("customers", customers(row(1, "Paris", "retail", "Ada", "2026-03-01 09:00:00"),
        row(2, "Rome", "b2b", "Bob", "2026-03-01 09:00:00")));
    model.run(DAY1);
    model.processed("customers", customers(row(1, "Lyon", "retail", "Ada", "2026-03-02 09:00:00"),
        row(3, "Oslo", "b2b", "Cy", "2026-03-02 09:00:00")));
    model.run(DAY2);
    List<String> once = model.rows("dim_customer", COLUMNS);
    long version = io.delta.tables.DeltaTable.forPath(io.strata.jobs.testing.TestingSpark.session(),
        model.config().lake().layout().curated("dim_customer").uri()).history(1).first().getAs("version");

    StageResult again = model.run(DAY2).get(0);

    assertThat(model.rows("dim_customer", COLUMNS)).isEqualTo(once).containsExactly(UNKNOWN,
        "1|1|Paris|retail|Ada|2026-03-01 09:00:00|2026-03-02 09:00:00|false|1|false",
        "2|2|Rome|b2b|Bob|2026-03-01 09:00:00|2026-03-02 00:00:00|false|1|true",
        "3|1|Lyon|retail|Ada|2026-03-02 09:00:00|" + OPEN + "|true|2|false",
        "4|3|Oslo|b2b|Cy|2026-03-02 09:00:00|" + OPEN + "|true|1|false");
    assertThat(again.rowsWritten()).isZero();
    assertThat(io.delta.tables.DeltaTable.forPath(io.strata.jobs.testing.TestingSpark.session(),
        model.config().lake().layout().curated("dim_customer").uri()).history(1).first().<Long>getAs("version")).isEqualTo(version);
  }
}
