package io.strata.jobs.export;

import static io.strata.jobs.export.ExportTables.customer;
import static io.strata.jobs.export.ExportTables.customers;
import static io.strata.jobs.export.ExportTesting.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.strata.jobs.process.LogCapture;
import io.strata.jobs.testing.TestingPostgres;
import io.strata.layout.StrataException;
import io.strata.layout.config.ExportConfig;
import io.strata.layout.config.ExportMode;
import io.strata.layout.config.Secret;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A failing export names what failed and what to check, and its password appears in no message,
 * stack trace or log line: a wrong password, an unreachable server, and a COPY that fails on an executor.
 */
class ExportSecretsIT {
  private static final String ROLE = "strata_secret_role";
  private static final String PASSWORD = "Right-Pa55word-7f3c9e";
  private static final String WRONG = "Wr0ng-S3cret-Value-42aa";

  /** The embedded server trusts local users; this role alone must give its password (a line ahead of the trust lines). */
  @BeforeAll
  static void passwordRole() throws SQLException, IOException {
    ExportTesting.database();
    ExportTesting.execute("DROP SCHEMA IF EXISTS secret_test CASCADE");
    TestingPostgres.shared().passwordLoginRole(ROLE, PASSWORD);
    ExportTesting.execute("CREATE SCHEMA secret_test AUTHORIZATION " + ROLE);
  }

  private static ExportTesting lake(String password, String url) {
    ExportTesting lake = new ExportTesting("secret_test", new ExportConfig(Optional.of(List.of("dim_customer")), ExportMode.SWAP,
        Map.of(), Map.of(), Map.of(), 1), ROLE, Secret.of("env:TEST_PASSWORD", password), url);
    lake.curated("dim_customer", customers(customer(1, 101L, "Ann", "1.00", 1.0, null, true)));
    return lake;
  }

  private static String everything(Throwable failure, LogCapture logs) {
    StringWriter trace = new StringWriter();
    failure.printStackTrace(new PrintWriter(trace));
    return trace + "\n" + logs.text();
  }

  @Test
  void aWrongPasswordIsNamedButNeverShown() {
    ExportTesting lake = lake(WRONG, ExportTesting.database());
    Throwable failure;
    String output;
    try (LogCapture logs = LogCapture.start()) {
      failure = catchThrowable(() -> lake.run(new ExportJob()));
      output = everything(failure, logs);
    }

    assertThat(failure).isInstanceOf(StrataException.class).hasMessageContaining("export: connecting failed in the warehouse")
        .hasMessageContaining("as user " + ROLE + ": FATAL: password authentication failed for user \"" + ROLE + "\"")
        .hasMessageEndingWith("Fix: check warehouse.user and the value of warehouse.password");
    assertThat(output).doesNotContain(WRONG, PASSWORD);
  }

  @Test
  void anUnreachableServerIsNamedWithoutThePassword() {
    ExportTesting lake = lake(PASSWORD, "jdbc:postgresql://127.0.0.1:1/nowhere?connectTimeout=2");
    Throwable failure;
    String output;
    try (LogCapture logs = LogCapture.start()) {
      failure = catchThrowable(() -> lake.run(new ExportJob()));
      output = everything(failure, logs);
    }

    assertThat(failure).isInstanceOf(StrataException.class)
        .hasMessageStartingWith("export: connecting failed in the warehouse jdbc:postgresql://127.0.0.1:1/nowhere as user " + ROLE)
        .hasMessageContaining("Fix: check that the server in warehouse.url runs and is reachable");
    assertThat(output).doesNotContain(PASSWORD);
  }

  @Test
  void aCopyFailingOnAnExecutorKeepsThePasswordOutOfSparkLogs() throws SQLException {
    ExportTesting lake = lake(PASSWORD, ExportTesting.database());
    lake.curated("dim_customer", customers(customer(1, 101L, "nul \u0000 inside", "1.00", 1.0, null, true)));
    Throwable failure;
    String output;
    try (LogCapture logs = LogCapture.start()) {
      failure = catchThrowable(() -> lake.run(new ExportJob()));
      output = everything(failure, logs);
    }

    assertThat(failure).isInstanceOf(StrataException.class)
        .hasMessageContaining("export: copying rows into dim_customer__staging failed in the warehouse")
        .hasMessageContaining("[SQLSTATE 22021]");
    assertThat(output).contains("22021").doesNotContain(PASSWORD);
    assertThat(rows("SELECT count(*) FROM pg_tables WHERE schemaname = 'secret_test' AND tablename = 'dim_customer'")).containsExactly("0");
  }
}
