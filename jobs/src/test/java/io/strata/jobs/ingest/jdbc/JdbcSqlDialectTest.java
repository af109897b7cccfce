package io.strata.jobs.ingest.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JdbcSqlDialectTest {
  @Test
  void theUrlPicksTheDialect() {
    assertThat(SqlDialect.forUrl("jdbc:postgresql://db:5432/shop")).isEqualTo(SqlDialect.POSTGRESQL);
    assertThat(SqlDialect.forUrl("jdbc:mysql://db:3306/shop?permitMysqlScheme")).isEqualTo(SqlDialect.MYSQL);
  }

  @Test
  void identifiersAreQuotedPerDialect() {
    assertThat(SqlDialect.POSTGRESQL.quote("updated_at")).isEqualTo("\"updated_at\"");
    assertThat(SqlDialect.MYSQL.quote("UpdatedAt2")).isEqualTo("`UpdatedAt2`");
  }

  @Test
  void onlyPlainIdentifiersAreQuoted() {
    for (String bad : new String[] {"a\"b", "a`b", "1st", "a b", "a;DROP TABLE t", "", "a.b", "ä"}) {
      assertThatThrownBy(() -> SqlDialect.POSTGRESQL.quote(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("'" + bad + "' is not a plain identifier (letters, digits and '_', not starting with a digit)");
    }
  }

  @Test
  void stringLiteralsAreEscapedPerDialect() {
    assertThat(SqlDialect.POSTGRESQL.stringLiteral("O'Brien \\ x")).isEqualTo("'O''Brien \\ x'");
    assertThat(SqlDialect.MYSQL.stringLiteral("O'Brien \\' x")).isEqualTo("'O''Brien \\\\'' x'");
    assertThatThrownBy(() -> SqlDialect.MYSQL.stringLiteral("a\0b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a string literal cannot contain a NUL character");
  }
}
