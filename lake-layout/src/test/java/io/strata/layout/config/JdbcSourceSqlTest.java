package io.strata.layout.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JdbcSourceSqlTest {
  @Test
  void plainColumnNames() {
    assertThat(JdbcSourceSql.isPlainName("UpdatedAt_2")).isTrue();
    assertThat(JdbcSourceSql.isPlainName("_id")).isTrue();
    for (String bad : new String[] {"a\"b", "a`b", "1st", "a b", "a;DROP TABLE t", "", "a.b", "ä"}) {
      assertThat(JdbcSourceSql.isPlainName(bad)).as(bad).isFalse();
    }
    assertThat(JdbcSourceSql.isPlainName(null)).isFalse();
  }

  @Test
  void tableNames() {
    assertThat(JdbcSourceSql.isTableName("orders")).isTrue();
    assertThat(JdbcSourceSql.isTableName("sales.orders")).isTrue();
    assertThat(JdbcSourceSql.isTableName("db.sales.orders")).isTrue();
    assertThat(JdbcSourceSql.isTableName("orders; DROP TABLE x")).isFalse();
    assertThat(JdbcSourceSql.isTableName("a.b.c.d")).isFalse();
    assertThat(JdbcSourceSql.isTableName("sales.")).isFalse();
  }

  @Test
  void queries() {
    assertThat(JdbcSourceSql.queryProblem("SELECT * FROM orders")).isEmpty();
    assertThat(JdbcSourceSql.queryProblem("  select 1;\n")).isEmpty();
    assertThat(JdbcSourceSql.queryProblem("with x as (select 1) select * from x")).isEmpty();
    assertThat(JdbcSourceSql.queryProblem("/* c */ -- d\n ((SELECT 1))")).isEmpty();
    assertThat(JdbcSourceSql.queryProblem("SELECT * FROM customers) AS x; DROP TABLE victim2; SELECT * FROM (SELECT 1"))
        .get().extracting(JdbcSourceSql.Problem::message).isEqualTo("holds a ';' before its end, so it could run more than one statement");
    assertThat(JdbcSourceSql.queryProblem("SELECT 1;;")).get().extracting(JdbcSourceSql.Problem::message).asString().contains("';'");
    assertThat(JdbcSourceSql.queryProblem("UPDATE t SET a = 1")).get().extracting(JdbcSourceSql.Problem::message)
        .isEqualTo("starts with 'UPDATE', not SELECT or WITH");
    assertThat(JdbcSourceSql.queryProblem("SELECTED")).get().extracting(JdbcSourceSql.Problem::message)
        .isEqualTo("starts with 'SELECTED', not SELECT or WITH");
    assertThat(JdbcSourceSql.queryProblem(" ; ")).get().extracting(JdbcSourceSql.Problem::message).isEqualTo("is empty");
    assertThat(JdbcSourceSql.queryProblem("123")).get().extracting(JdbcSourceSql.Problem::message)
        .isEqualTo("starts with no keyword, not SELECT or WITH");
  }

  @Test
  void theTrailingSemicolonIsDropped() {
    assertThat(JdbcSourceSql.withoutTrailingSemicolon(" SELECT 1 ; ")).isEqualTo("SELECT 1");
  }
}
