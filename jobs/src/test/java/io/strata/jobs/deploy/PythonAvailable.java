package io.strata.jobs.deploy;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.concurrent.TimeUnit;

/** Skips a test, with a message, where no python3 is on the PATH. */
final class PythonAvailable {
  private PythonAvailable() {}

  static void assumePython3() {
    assumeTrue(runs("python3", "--version"), "python3 is not on the PATH: the Airflow DAG test is skipped");
  }

  static boolean runs(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (java.io.IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
