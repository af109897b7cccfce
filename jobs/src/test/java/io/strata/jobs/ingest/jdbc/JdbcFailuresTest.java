package io.strata.jobs.ingest.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.layout.StrataException;
import io.strata.layout.config.JdbcSourceConfig;
import io.strata.layout.config.Secret;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JdbcFailuresTest {
  private static final String PASSWORD = "Tr0ub4dor&3";
  private final JdbcSourceConfig source = new JdbcSourceConfig("crm", "customers", "jdbc:postgresql://admin:" + PASSWORD + "@db:5432/crm",
      Optional.empty(), "reader", Optional.of(Secret.of("env:CRM_PASSWORD", PASSWORD)), Optional.of("public.customers"), Optional.empty(),
      "full", List.of(), Duration.ZERO, Optional.empty(), 100);

  @Test
  void badCredentialsPointAtUserAndPasswordAndNeverShowThePassword() {
    SQLException failure = new SQLException("authentication failed for reader using '" + PASSWORD + "'", "28P01");

    StrataException error = JdbcFailures.explain(source, "reading table public.customers", new RuntimeException("wrapped", failure));

    assertThat(error.getMessage()).isEqualTo("source 'crm' (jdbc:postgresql://db:5432/crm): reading table public.customers failed:"
        + " the database refused the credentials. Check sources.crm.user and sources.crm.password."
        + " The database driver said: authentication failed for reader using '***'");
    StringWriter trace = new StringWriter();
    error.printStackTrace(new PrintWriter(trace));
    assertThat(trace.toString()).doesNotContain(PASSWORD).contains("java.sql.SQLException: authentication failed for reader using '***'");
  }

  @Test
  void eachKindOfFailureNamesTheSettingToCheck() {
    assertThat(JdbcFailures.explain(source, "x", new SQLException("refused", "08001")).getMessage())
        .contains("cannot reach the database. Check sources.crm.url (host, port, database)");
    assertThat(JdbcFailures.explain(source, "x", new SQLException("no such relation", "42P01")).getMessage())
        .contains("the table does not exist or is not visible to sources.crm.user. Check sources.crm.table");
    assertThat(JdbcFailures.explain(source, "x", new SQLException("Unknown column", "42S22")).getMessage())
        .contains("a configured column does not exist. Check sources.crm.cursor and sources.crm.partitioning.column");
    assertThat(JdbcFailures.explain(source, "x", new SQLException("Unknown database", "42000", 1049)).getMessage())
        .contains("the database in the URL does not exist. Check sources.crm.url");
    assertThat(JdbcFailures.explain(source, "x", new SQLException("cannot execute INSERT in a read-only transaction", "25006")).getMessage())
        .contains("the query tried to write, and sources are read in a read-only session. Check sources.crm.table: it must only read");
    assertThat(JdbcFailures.explain(source, "x", new IllegalStateException("boom")).getMessage())
        .contains("check sources.crm.url, sources.crm.user, sources.crm.password and sources.crm.table. Spark said: boom");
  }
}
