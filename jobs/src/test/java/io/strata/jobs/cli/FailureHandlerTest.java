package io.strata.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.nio.file.AccessDeniedException;
import java.util.concurrent.Callable;
import org.apache.spark.SparkException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** What the CLI prints, and the exit code, for a failure no Strata code explained: a fixable cause has its own words, a bug says so. */
class FailureHandlerTest {
  private final StringWriter err = new StringWriter();

  @Command(name = "fails")
  static final class Failing implements Callable<Integer> {
    private final Exception failure;

    Failing(Exception failure) {
      this.failure = failure;
    }

    @Override
    public Integer call() throws Exception {
      throw failure;
    }
  }

  private int execute(Exception failure) {
    CommandLine cli = new CommandLine(new Failing(failure));
    cli.setErr(new PrintWriter(err, true));
    cli.setExecutionExceptionHandler(new StrataCli.FailureHandler());
    return cli.execute();
  }

  @Test
  void permissionDeniedDeepInSparkIsASetupProblemWithExitTwo() {
    int code = execute(new SparkException("Job aborted", new IOException("io", new AccessDeniedException("/lake/raw/orders"))));

    assertThat(code).isEqualTo(ExitCodes.BAD_USAGE_OR_CONFIG);
    assertThat(err.toString()).startsWith("strata: permission denied: /lake/raw/orders. Fix: give the user running Strata (")
        .doesNotContain("unexpected").doesNotContain("bug in Strata");
  }

  @Test
  void aServerThatRefusesIsARuntimeFailureWithExitOne() {
    int code = execute(new SparkException("Job aborted", new ConnectException("Connection refused")));

    assertThat(code).isEqualTo(ExitCodes.RUNTIME_FAILURE);
    assertThat(err.toString()).startsWith("strata: cannot connect: Connection refused. Fix: check that the server is up")
        .doesNotContain("bug in Strata");
  }

  @Test
  void onlyARealBugIsCalledOne() {
    int code = execute(new IllegalStateException("index 3 out of bounds"));

    assertThat(code).isEqualTo(ExitCodes.RUNTIME_FAILURE);
    assertThat(err.toString()).contains("strata: unexpected java.lang.IllegalStateException: index 3 out of bounds")
        .contains("this is a bug in Strata");
  }
}
