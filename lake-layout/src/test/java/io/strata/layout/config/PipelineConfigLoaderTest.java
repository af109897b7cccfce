package io.strata.layout.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.layout.Layer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineConfigLoaderTest {
  @TempDir Path dir;

  private PipelineConfig load(String text, Map<String, String> env) throws IOException {
    Path file = dir.resolve("pipeline.conf");
    Files.writeString(file, text);
    return new PipelineConfigLoader(env, true).load(file);
  }

  private StrataConfigException failure(String text, Map<String, String> env) {
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> load(text, env));
    assertThat(thrown).isInstanceOf(StrataConfigException.class);
    return (StrataConfigException) thrown;
  }

  @Test
  void appliesDefaultsToAMinimalConfig() throws IOException {
    PipelineConfig config = load("lake { root = \"lake\" }", Map.of());

    assertThat(config.name()).isEqualTo("pipeline");
    assertThat(config.lake().root()).isEqualTo(dir.resolve("lake").toUri());
    assertThat(config.lake().s3()).isEqualTo(S3Settings.defaults());
    assertThat(config.lake().retentionDays()).containsEntry(Layer.RAW, OptionalInt.of(90))
        .containsEntry(Layer.CURATED, OptionalInt.of(365)).containsEntry(Layer.STATE, OptionalInt.empty());
    assertThat(config.spark()).isEqualTo(SparkSettings.defaults());
    assertThat(config.warehouse()).isEmpty();
    assertThat(config.quality()).isEqualTo(QualityConfig.empty());
  }

  @Test
  void mapsEverySettingExplicitly() throws IOException {
    PipelineConfig config = load("""
        name = retail
        lake {
          root = "s3a://lake/retail"
          retention-days { raw = 30, curated = 730 }
          s3 {
            endpoint = "http://127.0.0.1:9000"
            region = eu-west-1
            path-style-access = true
            ssl-enabled = false
            access-key = "env:LAKE_KEY"
            secret-key = "env:LAKE_SECRET"
          }
        }
        spark {
          master = "spark://10.0.0.1:7077"
          app-name = retail-nightly
          shuffle-partitions = 64
          conf { spark.sql.ansi.enabled = true, "spark.executor.memory" = 4g }
        }
        warehouse {
          url = "jdbc:postgresql://db:5432/dw"
          schema = analytics
          user = loader
          password = "env:DW_PASSWORD"
          sslmode = require
        }
        model { dimensions {} }
        """, Map.of("LAKE_KEY", "AKIA-test", "LAKE_SECRET", "s3cr3t-lake", "DW_PASSWORD", "pg-pass-123"));

    assertThat(config.name()).isEqualTo("retail");
    assertThat(config.lake().layout().processed("orders").uri()).isEqualTo("s3a://lake/retail/processed/orders");
    assertThat(config.lake().retentionDays()).containsEntry(Layer.RAW, OptionalInt.of(30))
        .containsEntry(Layer.PROCESSED, OptionalInt.of(180)).containsEntry(Layer.CURATED, OptionalInt.of(730));
    S3Settings s3 = config.lake().s3();
    assertThat(s3.endpoint()).hasValue("http://127.0.0.1:9000");
    assertThat(s3.region()).isEqualTo("eu-west-1");
    assertThat(s3.pathStyleAccess()).isTrue();
    assertThat(s3.sslEnabled()).isFalse();
    assertThat(s3.accessKey().orElseThrow().reveal()).isEqualTo("AKIA-test");
    assertThat(s3.secretKey().orElseThrow().reveal()).isEqualTo("s3cr3t-lake");
    assertThat(config.spark()).isEqualTo(new SparkSettings(Optional.of("spark://10.0.0.1:7077"), "retail-nightly", 64,
        Map.of("spark.sql.ansi.enabled", "true", "spark.executor.memory", "4g")));
    WarehouseConfig warehouse = config.warehouse().orElseThrow();
    assertThat(warehouse.url()).isEqualTo("jdbc:postgresql://db:5432/dw");
    assertThat(warehouse.schema()).isEqualTo("analytics");
    assertThat(warehouse.user()).isEqualTo("loader");
    assertThat(warehouse.password().reveal()).isEqualTo("pg-pass-123");
    assertThat(warehouse.sslMode()).isEqualTo("require");
    assertThat(config.model()).isEqualTo(ModelConfig.empty());
    assertThat(config.quality()).isEqualTo(QualityConfig.empty());
  }

  @Test
  void keepsSecretsOutOfToStringAndDescribe() throws IOException {
    PipelineConfig config = load("""
        lake { root = "s3a://b/p", s3 { access-key = "env:K", secret-key = "env:S" } }
        warehouse { url = "jdbc:postgresql://db/dw", user = u, password = "env:DW_PASSWORD" }
        """, Map.of("K", "key-value-1", "S", "secret-value-2", "DW_PASSWORD", "pg-pass-123"));

    String everything = config + String.join("\n", config.describe());
    assertThat(everything).doesNotContain("key-value-1", "secret-value-2", "pg-pass-123")
        .contains("env:DW_PASSWORD", "warehouse.password = env:DW_PASSWORD");
    assertThat(config.describe()).isSorted();
  }

  @Test
  void reportsAllMistakesAtOnceWithLinesAndFixes() {
    StrataConfigException e = failure("""
        name = retail
        lake {
          roots = "s3a://lake/retail"
        }
        spark {
          shuffle-partitions = lots
        }
        warehouse {
          url = "jdbc:postgresql://db/dw"
          user = loader
          password = "env:DW_PASSWORD"
          sslmode = requir
        }
        """, Map.of("DW_PASSWORD", "x"));

    assertThat(e.problems()).extracting(problem -> problem.render().replace(dir + "/", "")).containsExactly(
        "pipeline.conf:2: lake.root: is required but not set in section lake. Fix: set lake.root to a local path, file:///path or s3a://bucket/prefix",
        "pipeline.conf:3: lake.roots: is not a known setting. Fix: did you mean 'lake.root'?",
        "pipeline.conf:6: spark.shuffle-partitions: must be a whole number. Fix: write shuffle-partitions = 8",
        "pipeline.conf:12: warehouse.sslmode: is 'requir', which is not one of disable, allow, prefer, require, verify-ca, verify-full. Fix: did you mean 'require'?");
    assertThat(e.getMessage()).startsWith("4 problems in the pipeline config:");
  }

  @Test
  void suggestsTheNearestTopLevelSection() {
    StrataConfigException e = failure("lake { root = x }\nwarehous { url = y }\n", Map.of());

    assertThat(e.problems()).extracting(problem -> problem.render().replace(dir + "/", ""))
        .containsExactly("pipeline.conf:2: warehous: is not a known setting. Fix: did you mean 'warehouse'?");
  }

  @Test
  void namesTheMissingEnvironmentVariableNeverAValue() {
    StrataConfigException e = failure("""
        lake { root = "s3a://b/p", s3 { access-key = "env:LAKE_KEY", secret-key = "env:LAKE_SECRET" } }
        """, Map.of("LAKE_SECRET", "not-this-one"));

    assertThat(e.problems()).extracting(problem -> problem.render().replace(dir + "/", "")).containsExactly(
        "pipeline.conf:1: lake.s3.access-key: environment variable LAKE_KEY is not set. Fix: export LAKE_KEY before running Strata");
  }

  @Test
  void leavesTheWarehousePasswordToTheExportStage() throws IOException {
    PipelineConfig config = load("""
        lake { root = x }
        warehouse { url = "jdbc:postgresql://db/dw", user = u, password = "env:DW_PASSWORD" }
        """, Map.of("OTHER", "not-this-one"));

    WarehouseConfig warehouse = config.warehouse().orElseThrow();
    assertThat(warehouse.password().isAvailable()).isFalse();
    assertThat(warehouse.passwordProblem()).hasValue(
        "warehouse.password: env:DW_PASSWORD is not set. Fix: export DW_PASSWORD before running the export stage");
    assertThat(load("lake { root = x }\nwarehouse { url = \"jdbc:postgresql://db/dw\", user = u, password = \"env:DW_PASSWORD\" }\n",
        Map.of("DW_PASSWORD", "pw")).warehouse().orElseThrow().passwordProblem()).isEmpty();
  }

  @Test
  void refusesLiteralSecretsWithoutPrintingThem() {
    StrataConfigException e = failure("""
        lake { root = x }
        warehouse { url = "jdbc:postgresql://db/dw?password=hunter2", user = u, password = "hunter2" }
        """, Map.of());

    assertThat(e.getMessage()).doesNotContain("hunter2")
        .contains("warehouse.password: is a literal value (not shown)")
        .contains("warehouse.url: carries a password (not shown)");
  }

  @Test
  void readsSecretsFromTheSecretsFileAndFileMounts() throws IOException {
    Files.writeString(dir.resolve("secrets.properties"), "dw.password = from-file\n");
    Files.writeString(dir.resolve("mounted"), "from-mount\n");
    PipelineConfig config = load("""
        secrets.file = secrets.properties
        lake { root = "s3a://b/p", s3 { access-key = "secret:dw.password", secret-key = "file:%s" } }
        """.formatted(dir.resolve("mounted")), Map.of());

    assertThat(config.lake().s3().accessKey().orElseThrow().reveal()).isEqualTo("from-file");
    assertThat(config.lake().s3().secretKey().orElseThrow().reveal()).isEqualTo("from-mount");
  }

  @Test
  void checksOnlyTheFormOfSecretsWhenAskedTo() throws IOException {
    Path file = dir.resolve("p.conf");
    Files.writeString(file, "lake { root = x }\nwarehouse { url = \"jdbc:postgresql://db/dw\", user = u, password = \"env:NOT_HERE\" }\n");

    PipelineConfig config = new PipelineConfigLoader(Map.of(), false).load(file);

    assertThat(config.warehouse().orElseThrow().password().reference()).isEqualTo("env:NOT_HERE");
    assertThatThrownBy(() -> config.warehouse().orElseThrow().password().reveal()).hasMessage("env:NOT_HERE is not set");
  }

  @Test
  void substitutesEnvironmentVariablesAndFollowsIncludes() throws IOException {
    Files.writeString(dir.resolve("base.conf"), "lake { root = \"s3a://base/lake\" }\nspark.shuffle-partitions = 2\n");
    PipelineConfig config = load("""
        include "base.conf"
        lake.root = ${?LAKE_ROOT}
        spark.app-name = ${?APP}
        """, Map.of("LAKE_ROOT", "s3a://from-env/lake"));

    assertThat(config.lake().root()).isEqualTo(URI.create("s3a://from-env/lake"));
    assertThat(config.spark().shufflePartitions()).isEqualTo(2);
    assertThat(config.spark().appName()).isEqualTo("strata");
  }

  @Test
  void aVarsSectionHoldsSharedValuesForSubstitutionAndIsNotChecked() throws IOException {
    PipelineConfig config = load("""
        vars {
          shop-db = "jdbc:postgresql://db:5432/shop"
          reader = "reader"
          anything { nested = [1, 2] }
        }
        lake.root = lake
        sources {
          customers { type = jdbc, url = ${vars.shop-db}, user = ${vars.reader}, table = customers }
          orders { type = jdbc, url = ${vars.shop-db}, user = ${vars.reader}, table = orders }
        }
        """, Map.of());

    assertThat(config.sources().values()).extracting(source -> ((JdbcSourceConfig) source).url())
        .containsExactly("jdbc:postgresql://db:5432/shop", "jdbc:postgresql://db:5432/shop");
    assertThat(String.join("\n", config.describe())).doesNotContain("vars");
  }

  @Test
  void varsMustBeASection() {
    assertThat(failure("lake.root = lake\nvars = 3\n", Map.of()).getMessage())
        .contains("vars: must be a section { ... }, not a number");
  }

  @Test
  void reportsARequiredSubstitutionThatIsNotSet() {
    StrataConfigException e = failure("lake { root = ${LAKE_ROOT} }\n", Map.of());

    assertThat(e.getMessage()).contains("pipeline.conf:1:").contains("LAKE_ROOT")
        .contains("export that environment variable, or write ${?NAME}");
  }

  @Test
  void reportsSyntaxErrorsWithTheLine() {
    StrataConfigException e = failure("lake {\n  root = x\n  s3 { endpoint = = y }\n}\n", Map.of());

    assertThat(e.problems()).hasSize(1);
    assertThat(e.problems().get(0).location()).isEqualTo(dir.resolve("pipeline.conf") + ":3");
    assertThat(e.getMessage()).contains("correct the HOCON syntax");
  }

  @Test
  void reportsAMissingFile() {
    Path missing = dir.resolve("nope.conf");

    assertThatThrownBy(() -> PipelineConfigLoader.fromSystemEnvironment().load(missing))
        .isInstanceOf(StrataConfigException.class)
        .hasMessageContaining(missing + ": config file does not exist or cannot be read. Fix: check the --config path");
  }

  @Test
  void rejectsLakeRootsSparkCannotServe() {
    assertThat(failure("lake.root = \"s3://bucket/x\"", Map.of()).getMessage())
        .contains("lake.root: uses s3://, which Spark's Hadoop does not serve. Fix: write s3a://bucket/x");
    assertThat(failure("lake.root = \"hdfs://nn/x\"", Map.of()).getMessage()).contains("lake.root: uses an unsupported scheme");
    assertThat(failure("lake.root = \"s3a:///x\"", Map.of()).getMessage()).contains("lake.root: names no bucket");
    assertThat(failure("spark.master = x", Map.of()).getMessage())
        .contains("lake: is required but not set. Fix: add lake { root = \"s3a://bucket/prefix\" }");
  }

  @Test
  void checksCrossFieldAndShapeRules() {
    StrataConfigException e = failure("""
        name = "Retail Pipeline"
        lake { root = x, s3 { access-key = "env:K", endpoint = "localhost:9000" }, retention-days { raw = 0, cold = 3 } }
        spark { conf { "sql.shuffle" = 1 } }
        warehouse { url = "jdbc:oracle:thin:@x", user = u, password = "env:K", schema = "Bad-Name" }
        """, Map.of("K", "v"));

    assertThat(e.getMessage())
        .contains("name: is 'Retail Pipeline', not a plain name")
        .contains("lake.s3.endpoint: is 'localhost:9000', not an http:// or https:// URL")
        .contains("lake.s3.secret-key: is needed with access-key")
        .contains("lake.retention-days.raw: is 0, outside 1..36500")
        .contains("lake.retention-days.cold: is not a known setting")
        .contains("spark.conf: has 'sql.shuffle', which is not a Spark setting")
        .contains("warehouse.url: is not a PostgreSQL, MySQL or MariaDB JDBC URL")
        .contains("warehouse.schema: is 'Bad-Name', not a plain lower-case identifier");
  }

  @Test
  void aMySqlWarehouseExportsToTheDatabaseItsUrlNamesUnlessASchemaIsSet() throws IOException {
    WarehouseConfig named = load("""
        lake { root = lake }
        warehouse { url = "jdbc:mysql://db:3306/dw?useSSL=false", user = u, password = "env:K" }
        """, Map.of("K", "v")).warehouse().orElseThrow();
    WarehouseConfig mariadb = load("""
        lake { root = lake }
        warehouse { url = "jdbc:mariadb://db/dw", user = u, password = "env:K", schema = marts }
        """, Map.of("K", "v")).warehouse().orElseThrow();

    assertThat(named.isMySql()).isTrue();
    assertThat(named.schema()).isEqualTo("dw");
    assertThat(mariadb.isMySql()).isTrue();
    assertThat(mariadb.schema()).isEqualTo("marts");
    assertThat(failure("""
        lake { root = lake }
        warehouse { url = "jdbc:mysql://db:3306", user = u, password = "env:K" }
        """, Map.of("K", "v")).getMessage()).contains("warehouse.schema: is not set and the URL names no database")
        .contains("name the database in the URL (jdbc:mysql://host:3306/warehouse) or set warehouse.schema");
  }

  @Test
  void theLakeIsOwnerOnlyUnlessTheUmaskSaysOtherwise() throws IOException {
    assertThat(load("lake { root = lake }", Map.of()).lake().umask()).hasValue("077");
    assertThat(load("lake { root = lake, umask = \"027\" }", Map.of()).lake().umask()).hasValue("027");
    assertThat(load("lake { root = lake, umask = 022 }", Map.of()).lake().umask()).hasValue("022");
    assertThat(load("lake { root = lake, umask = inherit }", Map.of()).lake().umask()).isEmpty();
    assertThat(failure("lake { root = lake, umask = \"u=rwx\" }", Map.of()).getMessage())
        .contains("lake.umask: is 'u=rwx', which is neither an octal umask nor inherit. Fix: write lake.umask = \"077\"");
  }
}
