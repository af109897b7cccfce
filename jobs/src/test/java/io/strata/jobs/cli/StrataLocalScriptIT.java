package io.strata.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.jobs.testing.ScriptRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** scripts/spark-submit/strata-local: Spark's SparkSubmit on Maven's Spark jars, running the shaded jar. */
class StrataLocalScriptIT {
  /** The demo's shop database ingested alone; with {@link #UNREACHABLE_SHOP_DB} as its URL it fails after Spark has started. */
  private static final List<String> INGEST_SHOP_DB = List.of("scripts/spark-submit/strata-local", "ingest", "--config", "conf/demo.conf",
      "--run-date", "2026-03-01", "--source", "shop_db");
  private static final String UNREACHABLE_SHOP_DB = "jdbc:postgresql://127.0.0.1:1/shop";

  @TempDir Path dir;

  private static ScriptRun strataLocal(String... arguments) throws IOException, InterruptedException {
    return strataLocal(Map.of(), arguments);
  }

  /** strata-local with {@code environment} added to the log directory every run gets. */
  private static ScriptRun strataLocal(Map<String, String> environment, String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add("scripts/spark-submit/strata-local");
    command.addAll(List.of(arguments));
    Map<String, String> all = new java.util.HashMap<>(environment);
    all.put("STRATA_LOG_DIR", System.getProperty("java.io.tmpdir") + "/strata-it-logs");
    return ScriptRun.run(all, command);
  }

  @Test
  void validatesTheDemoConfig() throws Exception {
    ScriptRun run = strataLocal("validate", "--config", "conf/demo.conf");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.stdout()).contains("config conf/demo.conf is valid: pipeline 'retail_demo'")
        .contains("lake.root = file://" + ScriptRun.projectDir().resolve("target/lake"))
        .contains("spark.master = local[*]");
  }

  @Test
  void validatesEveryShippedConfig() throws Exception {
    for (String config : List.of("conf/local.conf", "conf/cluster.conf")) {
      ScriptRun run = strataLocal("validate", "--no-secrets", "--config", config);
      assertThat(run.exitCode()).as(config + ": " + run).isZero();
    }
  }

  @Test
  void reportsEveryMistakeOfABadConfigWithItsLine() throws Exception {
    Path config = dir.resolve("bad.conf");
    Files.writeString(config, """
        lake {
          root = "s3://bucket/lake"
        }
        spark { shuffle-partition = 4 }
        pii { key = "env:STRATA_IT_UNSET_PII_KEY" }
        """);

    ScriptRun run = strataLocal("validate", "--config", config.toString());

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.BAD_USAGE_OR_CONFIG);
    assertThat(run.stderr()).contains("3 problems in the pipeline config:")
        .contains(config + ":2: lake.root: uses s3://, which Spark's Hadoop does not serve. Fix: write s3a://bucket/lake")
        .contains(config + ":4: spark.shuffle-partition: is not a known setting. Fix: did you mean 'spark.shuffle-partitions'?")
        .contains(config + ":5: pii.key: environment variable STRATA_IT_UNSET_PII_KEY is not set")
        .doesNotContain("Exception", "\tat ");
  }

  @Test
  void aSourceThatCannotBeReachedFailsWithExitOne() throws Exception {
    ScriptRun run = ScriptRun.run(Map.of("STRATA_LOG_DIR", System.getProperty("java.io.tmpdir") + "/strata-it-logs",
        "STRATA_LAKE_ROOT", System.getProperty("java.io.tmpdir") + "/strata-it-unreachable-lake",
        "STRATA_DEMO_SHOP_DB_URL", UNREACHABLE_SHOP_DB,
        // Recording a class archive would add half a minute; the archive has its own test.
        "STRATA_CDS", "off"), INGEST_SHOP_DB);

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.RUNTIME_FAILURE);
    assertThat(run.stderr()).contains("strata: ").contains("shop_db").doesNotContain("\tat ");
    assertThat(run.stdout()).contains("strata: log ");
  }

  @Test
  void theFirstPipelineRunRecordsAClassArchiveThatLaterRunsStartFrom() throws Exception {
    Path archives = dir.resolve("cds");
    Map<String, String> environment = Map.of("STRATA_LOG_DIR", System.getProperty("java.io.tmpdir") + "/strata-it-logs",
        "STRATA_LAKE_ROOT", dir.resolve("lake").toUri().toString(), "STRATA_CDS_DIR", archives.toString());
    List<String> ingest = List.of("scripts/spark-submit/strata-local", "ingest", "--config", "conf/demo.conf", "--run-date", "2026-03-01",
        "--source", "orders_files");

    ScriptRun first = ScriptRun.run(environment, ingest);
    assertThat(first.exitCode()).as(first.toString()).isZero();
    List<Path> recorded;
    try (var files = Files.list(archives)) {
      recorded = files.toList();
    }
    assertThat(recorded).singleElement().satisfies(archive -> assertThat(archive.getFileName().toString()).endsWith(".jsa"));
    long recordedAt = Files.getLastModifiedTime(recorded.get(0)).toMillis();

    ScriptRun second = ScriptRun.run(environment, ingest);
    assertThat(second.exitCode()).as(second.toString()).isZero();
    assertThat(second.stdout()).contains("source orders_files: 7 rows written, 1 quarantined").doesNotContain("[cds]", "[warning]")
        .containsPattern("spark: lake and inputs hold [0-9.]+ KiB, under 32.0 MiB: Spark evaluates queries without compiling them");
    assertThat(second.stderr()).doesNotContain("[cds]", "shared archive", "Error occurred during initialization of VM");
    try (var files = Files.list(archives)) {
      assertThat(files.toList()).containsExactlyElementsOf(recorded);
    }
    assertThat(Files.getLastModifiedTime(recorded.get(0)).toMillis()).isEqualTo(recordedAt);

    // A rebuilt application jar (here: another jar) gets an archive of its own; the old one, which the JVM would refuse, goes.
    // A run that failed after starting its work (a source that cannot be reached) records it too: it loaded what runs load.
    Path rebuilt = Files.copy(Path.of(System.getProperty("strata.app.jar", "target/strata-app.jar")), dir.resolve("rebuilt-strata-app.jar"));
    Map<String, String> rebuiltEnvironment = new java.util.HashMap<>(environment);
    rebuiltEnvironment.put("STRATA_APP_JAR", rebuilt.toString());
    rebuiltEnvironment.put("STRATA_DEMO_SHOP_DB_URL", UNREACHABLE_SHOP_DB);
    ScriptRun third = ScriptRun.run(rebuiltEnvironment, INGEST_SHOP_DB);
    assertThat(third.exitCode()).as(third.toString()).isEqualTo(ExitCodes.RUNTIME_FAILURE);
    try (var files = Files.list(archives)) {
      assertThat(files.toList()).singleElement().isNotEqualTo(recorded.get(0))
          .satisfies(archive -> assertThat(archive.getFileName().toString()).endsWith(".jsa"));
    }
  }

  @Test
  void theJvmRunsTheParallelCollectorUnlessTheCallerNamesOne() throws Exception {
    ScriptRun chosen = strataLocal(Map.of("JAVA_TOOL_OPTIONS", "-Xlog:gc:stderr"), "validate", "--config", "conf/demo.conf");
    // A second collector on the JVM's command line would stop it with "Multiple garbage collectors selected".
    ScriptRun named = strataLocal(Map.of("JAVA_TOOL_OPTIONS", "-XX:+UseSerialGC -Xlog:gc:stderr"), "validate", "--config", "conf/demo.conf");

    assertThat(chosen.exitCode()).as(chosen.toString()).isZero();
    assertThat(chosen.stderr()).contains("Using Parallel");
    assertThat(named.exitCode()).as(named.toString()).isZero();
    assertThat(named.stderr()).contains("Using Serial").doesNotContain("Multiple garbage collectors");
    assertThat(named.stdout()).contains("config conf/demo.conf is valid");
  }

  @Test
  void badUsageExitsTwo() throws Exception {
    ScriptRun run = strataLocal("ingest", "--config", "conf/demo.conf", "--run-date", "2026-02-30");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.BAD_USAGE_OR_CONFIG);
    assertThat(run.stderr()).contains("--run-date");
  }
}
