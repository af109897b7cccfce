package io.strata.jobs.ingest.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.jobs.ingest.SourceRead;
import io.strata.jobs.ingest.SourceState;
import io.strata.jobs.testing.TestingPostgres;
import io.strata.layout.StrataException;
import io.strata.layout.config.JdbcSourceConfig;
import io.strata.layout.config.Secret;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link JdbcSourceReader} against a real PostgreSQL 17. */
class JdbcPostgresSourceIT extends JdbcSourceReaderContract {
  private static final String READER = "strata_reader";
  private static final String READER_PASSWORD = "Right-Passw0rd";
  private static JdbcTestDatabase database;

  @Override
  protected synchronized JdbcTestDatabase database() {
    if (database == null) {
      TestingPostgres postgres = TestingPostgres.shared();
      database = new JdbcTestDatabase(postgres.createDatabase("jdbc_source"), TestingPostgres.USER, postgres.password(), "TIMESTAMP(6)");
    }
    return database;
  }

  @Override
  protected String[] writingFunction(String name, String victim) {
    return new String[] {"CREATE OR REPLACE FUNCTION " + name + "() RETURNS int AS $$ INSERT INTO " + victim
        + " VALUES (1); SELECT 1 $$ LANGUAGE sql VOLATILE"};
  }

  @Test
  void aWrongPasswordNamesTheCredentialSettingsAndNeverThePassword() throws Exception {
    ordersTable("secret_orders");
    insert("secret_orders", 1, "Ada", "2026-03-01 10:00:00");
    database().execute("GRANT SELECT ON secret_orders TO " + TestingPostgres.shared().passwordLoginRole(READER, READER_PASSWORD));

    JdbcSourceConfig wrong = reader("Wrong-Passw0rd-42");
    JdbcSourceConfig right = reader(READER_PASSWORD);

    assertThatThrownBy(() -> read(wrong, SourceState.empty()))
        .isInstanceOf(StrataException.class)
        .hasMessageContaining("source 'pg_secret'")
        .hasMessageContaining(database().url())
        .hasMessageContaining("sources.pg_secret.user and sources.pg_secret.password")
        .message().doesNotContain("Wrong-Passw0rd-42").doesNotContain(READER_PASSWORD);
    SourceRead read = read(right, SourceState.empty());
    assertThat(ids(read)).containsExactly(1L);
  }

  @Test
  void anIncrementalReadOfATimestampWithTimeZoneColumn() {
    database().execute("DROP TABLE IF EXISTS tz_events",
        "CREATE TABLE tz_events (id BIGINT PRIMARY KEY, changed_at TIMESTAMPTZ NOT NULL)",
        "INSERT INTO tz_events VALUES (1, TIMESTAMPTZ '2026-03-01 10:00:00+02'), (2, TIMESTAMPTZ '2026-03-01 10:00:00.25+00')");
    JdbcSourceConfig config = incremental("tz_events", List.of("changed_at", "id"), Duration.ZERO);

    SourceRead first = read(config, SourceState.empty());
    List<Long> firstIds = ids(first);
    database().execute("INSERT INTO tz_events VALUES (3, TIMESTAMPTZ '2026-03-01 12:00:00.25+02')"); // the same instant as id 2
    SourceRead second = read(config, first.next());

    assertThat(firstIds).containsExactly(1L, 2L);
    assertThat(first.next().get("cursor")).contains("[\"2026-03-01T10:00:00.250Z\",\"2\"]");
    assertThat(ids(second)).containsExactly(3L);
  }

  @Test
  void aCursorStoredForOtherColumnsIsRefused() {
    ordersTable("moved_orders");
    SourceState stored = new CursorState(List.of("id"), List.of("5")).writeTo(SourceState.empty());

    assertThatThrownBy(() -> read(incremental("moved_orders", List.of("updated_at", "id"), Duration.ZERO), stored))
        .isInstanceOf(StrataException.class)
        .hasMessage("source 'moved_orders': the stored cursor is on [id] but sources.moved_orders.cursor is [updated_at, id]."
            + " Fix: restore cursor = [id], or remove the source's state under the lake's _state area to read it again from the start");
  }

  @Test
  void aTamperedCursorNeverReachesTheDatabase() {
    ordersTable("tampered_orders");
    SourceState stored = new CursorState(List.of("id"), List.of("0 OR 1=1")).writeTo(SourceState.empty());

    assertThatThrownBy(() -> read(incremental("tampered_orders", List.of("id"), Duration.ZERO), stored))
        .isInstanceOf(StrataException.class)
        .hasMessageStartingWith("source 'tampered_orders': the stored cursor does not fit the cursor columns' types ('0 OR 1=1' is not a number value)");
  }

  @Test
  void aLookBackNeedsATemporalFirstCursorColumn() {
    ordersTable("numbered_orders");
    insert("numbered_orders", 1, "Ada", "2026-03-01 10:00:00");
    JdbcSourceConfig config = incremental("numbered_orders", List.of("id"), Duration.ofHours(1));
    SourceState stored = read(config, SourceState.empty()).next();

    assertThatThrownBy(() -> read(config, stored))
        .isInstanceOf(StrataException.class)
        .hasMessage("source 'numbered_orders': sources.numbered_orders.lookback needs the first cursor column ('id') to be a date or timestamp,"
            + " but it is number. Fix: remove lookback, or put a date or timestamp column first in cursor");
  }

  private JdbcSourceConfig reader(String password) {
    return new JdbcSourceConfig("pg_secret", "orders", database().url(), Optional.empty(), READER,
        Optional.of(Secret.of("env:PG_SECRET_PASSWORD", password)), Optional.of("secret_orders"), Optional.empty(), "full", List.of(),
        Duration.ZERO, Optional.empty(), 100);
  }
}
