package io.strata.jobs.cli;

import org.apache.spark.sql.SparkSession;

/** The entry point for {@code spark-submit --class io.strata.jobs.cli.StrataMain}. */
public final class StrataMain {
  private StrataMain() {}

  public static void main(String[] args) {
    LogSetup.fromArguments(args).ifPresent(logFile -> System.out.println("strata: log " + logFile));
    int code;
    try {
      code = StrataCli.commandLine().execute(args);
    } finally {
      SparkSession.getDefaultSession().foreach(session -> {
        session.stop();
        return null;
      });
    }
    System.exit(code);
  }
}
