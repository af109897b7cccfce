package io.strata.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.jobs.testing.ScriptRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/spark-submit/submit.sh against a SPARK_HOME whose bin/spark-submit is Spark's real
 * SparkSubmit on Maven's Spark jars (no distribution can be downloaded here).
 */
class SubmitScriptIT {
  @TempDir Path sparkHome;

  private Path fakeSparkHome() throws Exception {
    Path bin = Files.createDirectories(sparkHome.resolve("bin"));
    Path project = ScriptRun.projectDir();
    Path submit = bin.resolve("spark-submit");
    Files.writeString(submit, """
        #!/usr/bin/env bash
        printf '%%s\\n' "$@" > "%s/submitted-args"
        mapfile -t flags < <(grep -v '^#' "%s/scripts/spark-submit/java17-flags" | grep -v '^$')
        exec java "${flags[@]}" -Dlog4j2.configurationFile="%s/scripts/spark-submit/log4j2.properties" \\
          -cp "$(cat "%s/spark-runtime/target/spark-classpath.txt")" org.apache.spark.deploy.SparkSubmit "$@"
        """.formatted(sparkHome, project, project, project));
    Files.setPosixFilePermissions(submit, PosixFilePermissions.fromString("rwxr-xr-x"));
    return sparkHome;
  }

  @Test
  void submitsTheApplicationJarWithConfigFlagsAndClass() throws Exception {
    Path home = fakeSparkHome();

    ScriptRun run = ScriptRun.run(Map.of("SPARK_HOME", home.toString(), "STRATA_DEMO_PII_KEY", "submit-test-key"), List.of(
        "scripts/spark-submit/submit.sh", "--master", "local[2]", "--", "validate", "--config", "conf/demo.conf"));

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.stdout()).contains("config conf/demo.conf is valid");
    List<String> submitted = Files.readAllLines(home.resolve("submitted-args"));
    assertThat(submitted).containsSubsequence("--class", "io.strata.jobs.cli.StrataMain")
        .containsSubsequence("--files", "conf/demo.conf")
        .containsSubsequence("--master", "local[2]")
        .anyMatch(argument -> argument.startsWith("spark.driver.extraJavaOptions=") && argument.contains("--add-opens=java.base/sun.util.calendar=ALL-UNNAMED"))
        .anyMatch(argument -> argument.endsWith("jobs/target/strata-app.jar"));
    assertThat(submitted.subList(submitted.size() - 3, submitted.size())).containsExactly("validate", "--config", "conf/demo.conf");
  }

  @Test
  void shipsTheConfigByNameInClusterMode() throws Exception {
    Path home = fakeSparkHome();

    ScriptRun run = ScriptRun.run(Map.of("SPARK_HOME", home.toString()), List.of(
        "scripts/spark-submit/submit.sh", "--master", "local[2]", "--deploy-mode", "cluster", "--", "validate", "--config", "conf/demo.conf"));

    List<String> submitted = Files.readAllLines(home.resolve("submitted-args"));
    assertThat(submitted).as(run.toString()).containsSubsequence("--files", "conf/demo.conf");
    assertThat(submitted.subList(submitted.size() - 3, submitted.size())).containsExactly("validate", "--config", "demo.conf");
  }

  @Test
  void explainsAMissingSparkHome() throws Exception {
    ScriptRun run = ScriptRun.run(Map.of("SPARK_HOME", sparkHome.resolve("nothing").toString()), List.of(
        "scripts/spark-submit/submit.sh", "--master", "yarn", "--", "validate", "--config", "conf/demo.conf"));

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr()).contains("set SPARK_HOME to a Spark 4.1 installation").contains("use scripts/spark-submit/strata-local");
  }
}
