package io.strata.jobs.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.jobs.cli.StrataCli;
import io.strata.jobs.cli.StrataMain;
import io.strata.jobs.testing.ScriptRun;
import io.strata.layout.config.PipelineConfigLoader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * The Airflow DAG and Strata's command line cannot drift apart: the DAG's own Python test
 * (Airflow stand-ins) writes every task's spark-submit arguments, and each is parsed by the real
 * CLI; the config the DAG names is validated and names every source the DAG ingests.
 */
class AirflowDagIT {
  /** Where the Docker image and the DAG's defaults put the repository's files. */
  static final String IMAGE_HOME = "/opt/strata/";
  private static final String RUN_DATE = "2026-03-01";

  @TempDir static Path dir;
  private static Map<String, JsonNode> tasks;

  @BeforeAll
  static void runTheDagTest() throws Exception {
    PythonAvailable.assumePython3();
    Path out = dir.resolve("tasks.json");
    ScriptRun run = ScriptRun.run(Map.of("STRATA_DAG_TASKS_OUT", out.toString()),
        List.of("python3", "docker/airflow/tests/test_strata_pipeline.py"));
    assertThat(run.exitCode()).as("the DAG's Python test:\n" + run).isZero();
    tasks = new LinkedHashMap<>();
    new ObjectMapper().readTree(out.toFile()).fields().forEachRemaining(task -> tasks.put(task.getKey(), task.getValue()));
  }

  @Test
  void everyTaskSubmitsStrataMainOfTheApplicationJarInTheImage() {
    assertThat(tasks).containsKeys("ingest_shop_db", "process", "model", "quality", "export");
    tasks.forEach((taskId, task) -> {
      assertThat(task.get("java_class").asText()).as(taskId).isEqualTo(StrataMain.class.getName());
      assertThat(task.get("application").asText()).as(taskId).isEqualTo(IMAGE_HOME + "strata-app.jar");
    });
  }

  @Test
  void everyTasksArgumentsParseAsTheStageItNames() {
    tasks.forEach((taskId, task) -> {
      List<String> arguments = arguments(task);
      ParseResult parsed = StrataCli.commandLine().parseArgs(arguments.toArray(String[]::new));
      assertThat(parsed.subcommand()).as(taskId + " " + arguments).isNotNull();
      String stage = parsed.subcommand().commandSpec().name();
      assertThat(taskId).as("task id and the stage it runs").startsWith(stage);
      assertThat(parsed.subcommand().matchedOptionValue("--run-date", (Object) null)).as(taskId).hasToString(RUN_DATE);
      if (stage.equals("ingest")) {
        assertThat(parsed.subcommand().<String>matchedOptionValue("--source", null)).isEqualTo(taskId.substring("ingest_".length()));
      }
    });
  }

  @Test
  void theConfigTheDagNamesIsValidAndHasEverySourceTheDagIngests() {
    Set<Path> configs = new LinkedHashSet<>();
    tasks.values().forEach(task -> configs.add(Path.of(option(arguments(task), "--config"))));
    assertThat(configs).containsExactly(ScriptRun.projectDir().resolve("conf/demo.conf"));
    Path config = configs.iterator().next();

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = StrataCli.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    // The test JVM lacks the demo's PII key; --no-secrets checks the reference's form only.
    int exit = cli.execute("validate", "--config", config.toString(), "--no-secrets");
    assertThat(exit).as(out + "\n" + err).isZero();
    assertThat(out.toString()).contains("is valid: pipeline 'retail_demo'");

    Set<String> configured = new PipelineConfigLoader(Map.of("STRATA_DEMO_PII_KEY", "dag-test-key"), true).load(config).sources().keySet();
    List<String> ingested = tasks.keySet().stream().filter(id -> id.startsWith("ingest_")).map(id -> id.substring("ingest_".length())).toList();
    assertThat(ingested).containsExactlyInAnyOrderElementsOf(configured);
  }

  @Test
  void anUnknownOptionInATaskWouldFailTheCheck() {
    List<String> arguments = new ArrayList<>(arguments(tasks.get("process")));
    arguments.add("--sources");
    assertThatCode(() -> StrataCli.commandLine().parseArgs(arguments.toArray(String[]::new)))
        .isInstanceOf(CommandLine.UnmatchedArgumentException.class).hasMessageContaining("--sources");
  }

  /** The task's arguments as the CLI sees them in the image: the run date filled in, image paths mapped to the repository. */
  private static List<String> arguments(JsonNode task) {
    List<String> arguments = new ArrayList<>();
    task.get("application_args").forEach(argument -> {
      String value = argument.asText().replace("{{ ds }}", RUN_DATE);
      arguments.add(value.startsWith(IMAGE_HOME) ? ScriptRun.projectDir().resolve(value.substring(IMAGE_HOME.length())).toString() : value);
    });
    return arguments;
  }

  private static String option(List<String> arguments, String name) {
    int at = arguments.indexOf(name);
    assertThat(at).as(name + " in " + arguments).isNotNegative();
    return arguments.get(at + 1);
  }
}
