package io.strata.jobs.testing;

import io.strata.jobs.cli.StrataCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * Runs {@code strata ARGS} as a user's shell would, but in the test JVM (so it shares the test's
 * SparkSession), and keeps what the last command printed on stdout and stderr.
 */
public final class InProcessCli {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  /** Runs one command and returns its exit code; the output of the previous command is cleared first. */
  public int run(String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    CommandLine cli = StrataCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  public String out() {
    return out.toString();
  }

  public String err() {
    return err.toString();
  }
}
