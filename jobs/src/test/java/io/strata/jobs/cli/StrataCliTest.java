package io.strata.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.jobs.stage.TargetsFailedException;
import io.strata.layout.StrataException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.s3a.S3AUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The command line without Spark: parsing, validate, exit codes, help. */
class StrataCliTest {
  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int execute(String... args) {
    CommandLine cli = StrataCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private Path config(String text) throws IOException {
    return Files.writeString(dir.resolve("pipeline.conf"), text);
  }

  @Test
  void validatePrintsTheEffectiveSettings() throws IOException {
    Path config = config("name = shop\nlake.root = lake\nspark.shuffle-partitions = 3\n");

    assertThat(execute("validate", "--config", config.toString())).isEqualTo(ExitCodes.SUCCESS);
    assertThat(out.toString()).contains("config " + config + " is valid: pipeline 'shop'")
        .contains("  lake.root = file://" + dir.resolve("lake"))
        .contains("  spark.shuffle-partitions = 3");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void validateWarnsThatTheWarehousePasswordIsNotSet() throws IOException {
    Path config = config("name = shop\nlake.root = lake\nwarehouse { url = \"jdbc:postgresql://h/d\", user = strata,"
        + " password = \"env:STRATA_CLI_TEST_UNSET_PASSWORD\" }\n");

    assertThat(execute("validate", "--config", config.toString())).isEqualTo(ExitCodes.SUCCESS);
    assertThat(out.toString()).contains("warning: warehouse.password: env:STRATA_CLI_TEST_UNSET_PASSWORD is not set."
        + " Fix: export STRATA_CLI_TEST_UNSET_PASSWORD before running the export stage");
    out.getBuffer().setLength(0);
    assertThat(execute("validate", "--no-secrets", "--config", config.toString())).isEqualTo(ExitCodes.SUCCESS);
    assertThat(out.toString()).doesNotContain("warning");
  }

  @Test
  void aBadConfigExitsTwoWithEveryProblemAndNoStackTrace() throws IOException {
    Path config = config("lake.rot = x\nspark.master = 5\nwarehouse.url = \"jdbc:postgresql://h/d\"\n");

    assertThat(execute("validate", "--config", config.toString())).isEqualTo(ExitCodes.BAD_USAGE_OR_CONFIG);
    assertThat(err.toString())
        .contains("problems in the pipeline config:")
        .contains(config + ":1: lake.root: is required but not set")
        .contains(config + ":1: lake.rot: is not a known setting. Fix: did you mean 'lake.root'?")
        .contains("warehouse.user: is required but not set")
        .contains("warehouse.password: is required but not set")
        .doesNotContain("\tat ");
  }

  @Test
  void verboseAddsTheStackTrace() throws IOException {
    Path config = config("lake.rot = x\n");

    assertThat(execute("validate", "--verbose", "--config", config.toString())).isEqualTo(ExitCodes.BAD_USAGE_OR_CONFIG);
    assertThat(err.toString()).contains("\tat io.strata.layout.config.");
  }

  @Test
  void theWarehouseStartsOnlyWhereADemoLeftOne() {
    assertThat(execute("warehouse", "start", "--workdir", dir.toString())).isEqualTo(ExitCodes.BAD_USAGE_OR_CONFIG);
    assertThat(err.toString()).contains("strata: no demo warehouse in " + dir.resolve("postgres") + "; run `strata demo` first");
  }

  @Test
  void usageMistakesExitTwo() throws IOException {
    Path config = config("lake.root = lake\n");

    assertThat(execute("ingest")).isEqualTo(ExitCodes.BAD_USAGE_OR_CONFIG);
    assertThat(err.toString()).contains("Missing required option: '--config=FILE'");
    err.getBuffer().setLength(0);
    assertThat(execute("ingest", "--config", config.toString(), "--run-date", "yesterday")).isEqualTo(ExitCodes.BAD_USAGE_OR_CONFIG);
    assertThat(err.toString()).startsWith("--run-date: 'yesterday' is not a date; use YYYY-MM-DD");
    err.getBuffer().setLength(0);
    assertThat(execute("run", "--config", config.toString(), "--run-date", "2026-13-45")).isEqualTo(ExitCodes.BAD_USAGE_OR_CONFIG);
    assertThat(err.toString()).startsWith("--run-date: '2026-13-45' is not a date; use YYYY-MM-DD").doesNotContain("java.");
    assertThat(execute("run", "--config", config.toString(), "--from", "nope")).isEqualTo(ExitCodes.BAD_USAGE_OR_CONFIG);
    assertThat(err.toString()).contains("'nope' is not a stage; use one of ingest, process, model, quality, export, maintain");
    assertThat(execute("run", "--config", config.toString(), "--from", "export", "--to", "process")).isEqualTo(ExitCodes.BAD_USAGE_OR_CONFIG);
    assertThat(err.toString()).contains("--from export comes after --to process");
    assertThat(execute("ingset", "--config", config.toString())).isEqualTo(ExitCodes.BAD_USAGE_OR_CONFIG);
    assertThat(err.toString()).contains("Unmatched argument").contains("ingest");
  }

  @Test
  void helpListsTheSubcommandsAndExitCodes() {
    assertThat(execute("--help")).isEqualTo(ExitCodes.SUCCESS);
    assertThat(out.toString())
        .contains("validate", "ingest", "process", "model", "quality", "export", "maintain", "run")
        .contains("Exit codes:")
        .contains("0   success")
        .contains("2   bad usage or bad config")
        .contains("3   a data-quality gate failed")
        .contains("4   another run of the pipeline holds its lock; try again later");
  }

  @Test
  void everySubcommandPrintsItsHelpAndExitsZero() {
    CommandLine cli = StrataCli.commandLine();
    assertThat(cli.getSubcommands().keySet()).contains("validate", "state", "runs", "maintain", "pii-scan", "run", "ingest", "warehouse");
    for (java.util.Map.Entry<String, CommandLine> command : cli.getSubcommands().entrySet()) {
      assertHelp(command.getKey());
      for (String nested : command.getValue().getSubcommands().keySet()) {
        assertHelp(command.getKey() + " " + nested);
      }
    }
  }

  private void assertHelp(String command) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    String[] args = (command + " --help").split(" ");

    assertThat(execute(args)).as(command + " --help").isEqualTo(ExitCodes.SUCCESS);
    assertThat(out.toString()).as(command + " --help").contains("Usage: strata " + command);
    assertThat(err.toString()).as(command + " --help").isEmpty();
  }

  private static IOException throttled(String path) {
    S3Exception s3 = (S3Exception) S3Exception.builder().statusCode(503).message("Please reduce your request rate.")
            .awsErrorDetails(AwsErrorDetails.builder().serviceName("S3").errorCode("SlowDown")
                .errorMessage("Please reduce your request rate.").build()).build();
    return S3AUtils.translateException("getFileStatus", path, s3);
  }

  @Test
  void aFailureTheLakesStoreCausedLeadsWithTheStoreAndItsFix() {
    String path = "s3a://lake/shop/curated/dim_customer/_delta_log";
    StrataException failure = new StrataException("cannot read " + path + ": throttled", throttled(path));

    assertThat(StrataCli.withStoreFirst(failure))
        .startsWith("the lake's S3 store failed and S3A's retries ran out (HTTP 503): getFileStatus on " + path)
        .contains("Fix: run the same command again")
        .endsWith(System.lineSeparator() + "cannot read " + path + ": throttled");
    assertThat(StrataCli.withStoreFirst(new StrataException("cannot read the model's state", new IOException("disk"))))
        .isEqualTo("cannot read the model's state");
    // A stage's failed targets lead with the store only when it ended all of them.
    TargetsFailedException mixed = new TargetsFailedException("maintain failed for a, b",
        List.of(), Map.of("a", "throttled", "b", "boom"), List.of(throttled(path), new IllegalStateException("boom")));
    assertThat(StrataCli.withStoreFirst(mixed)).isEqualTo("maintain failed for a, b");
  }
}
