package io.strata.jobs.ingest.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.jobs.ingest.SourceState;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Cursor values: stored as text, parsed back before they become typed SQL literals. */
class JdbcCursorValuesTest {
  @Test
  void storedValuesBecomeTypedLiterals() {
    assertThat(CursorType.NUMBER.literal(SqlDialect.POSTGRESQL, "42")).isEqualTo("42");
    assertThat(CursorType.NUMBER.literal(SqlDialect.MYSQL, "1.50")).isEqualTo("1.50");
    assertThat(CursorType.DATE.literal(SqlDialect.MYSQL, "2026-03-01")).isEqualTo("DATE '2026-03-01'");
    assertThat(CursorType.TIMESTAMP.literal(SqlDialect.POSTGRESQL, "2026-03-01T10:00")).isEqualTo("TIMESTAMP '2026-03-01 10:00:00.000000'");
    assertThat(CursorType.TIMESTAMP_TZ.literal(SqlDialect.POSTGRESQL, "2026-03-01T10:00:00.250Z"))
        .isEqualTo("TIMESTAMP WITH TIME ZONE '2026-03-01 10:00:00.250000+00:00'");
    assertThat(CursorType.TEXT.literal(SqlDialect.MYSQL, "it's")).isEqualTo("'it''s'");
  }

  @Test
  void aTamperedValueNeverReachesSql() {
    assertThatThrownBy(() -> CursorType.NUMBER.literal(SqlDialect.POSTGRESQL, "1 OR 1=1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'1 OR 1=1' is not a number value");
    assertThatThrownBy(() -> CursorType.TIMESTAMP.literal(SqlDialect.POSTGRESQL, "2026-03-01' OR '1'='1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'2026-03-01' OR '1'='1' is not a timestamp value");
  }

  @Test
  void lookBackMovesTemporalValuesBack() {
    assertThat(CursorType.TIMESTAMP.minus("2026-03-01T10:30", Duration.ofMinutes(10))).isEqualTo("2026-03-01T10:20");
    assertThat(CursorType.DATE.minus("2026-03-01", Duration.ofHours(2))).isEqualTo("2026-02-28");
    assertThat(CursorType.TIMESTAMP_TZ.minus("2026-03-01T00:05Z", Duration.ofMinutes(10))).isEqualTo("2026-02-28T23:55Z");
    assertThatThrownBy(() -> CursorType.NUMBER.minus("5", Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a look-back window needs a date or timestamp column, not a number");
  }

  @Test
  void sparkBoundsRoundOutwardsAndUseTheSessionZone() {
    assertThat(CursorType.NUMBER.sparkBound("1.5", false, ZoneId.of("UTC"))).isEqualTo("1");
    assertThat(CursorType.NUMBER.sparkBound("9.2", true, ZoneId.of("UTC"))).isEqualTo("10");
    assertThat(CursorType.TIMESTAMP_TZ.sparkBound("2026-03-01T10:00+02:00", false, ZoneId.of("UTC"))).isEqualTo("2026-03-01 08:00:00.000000");
  }

  @Test
  void theCursorRoundTripsThroughTheState() {
    CursorState cursor = new CursorState(List.of("updated_at", "id"), List.of("2026-03-01T10:00", "a\"b"));
    SourceState state = cursor.writeTo(SourceState.empty().with("other", "kept"));

    assertThat(state.values()).containsEntry("cursor_columns", "[\"updated_at\",\"id\"]")
        .containsEntry("cursor", "[\"2026-03-01T10:00\",\"a\\\"b\"]").containsEntry("other", "kept");
    assertThat(CursorState.from(state)).contains(cursor);
    assertThat(CursorState.from(SourceState.empty())).isEmpty();
  }

  @Test
  void anUnreadableStateIsRefused() {
    assertThatThrownBy(() -> CursorState.from(SourceState.empty().with("cursor", "[\"1\"]")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the state has a cursor but no cursor_columns");
    assertThatThrownBy(() -> CursorState.from(SourceState.empty().with("cursor", "not json").with("cursor_columns", "[\"id\"]")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cursor is not a JSON array of strings");
    assertThatThrownBy(() -> CursorState.from(SourceState.empty().with("cursor", "[\"1\",\"2\"]").with("cursor_columns", "[\"id\"]")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a cursor needs one value per column, got [id] and 2 values");
  }

  @Test
  void urlsLoseTheirCredentials() {
    assertThat(JdbcUrls.withoutCredentials("jdbc:postgresql://bob:pw@db:5432/shop?ssl=true&password=pw"))
        .isEqualTo("jdbc:postgresql://db:5432/shop?ssl=true&password=***");
    assertThat(JdbcUrls.withoutCredentials("jdbc:mysql://127.0.0.1:3306/shop?permitMysqlScheme"))
        .isEqualTo("jdbc:mysql://127.0.0.1:3306/shop?permitMysqlScheme");
  }
}
