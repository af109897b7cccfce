package io.strata.layout.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceConfigTest {
  @TempDir Path dir;

  private Map<String, SourceConfig> sources(String text, Map<String, String> env) throws IOException {
    Path file = Files.writeString(dir.resolve("p.conf"), "lake.root = lake\n" + text);
    return new PipelineConfigLoader(env, true).load(file).sources();
  }

  private String problems(String text) {
    return catchThrowableOfType(StrataConfigException.class, () -> sources(text, Map.of())).getMessage();
  }

  @Test
  void fileSourcesGetDefaultsAndResolveLocalPathsAgainstTheConfig() throws IOException {
    Map<String, SourceConfig> sources = sources("sources.orders_csv { type = file, path = \"data/*.csv\" }\n", Map.of());

    assertThat(sources.get("orders_csv")).isEqualTo(new FileSourceConfig(
        "orders_csv", "orders_csv", "file://" + dir.resolve("data/*.csv"), "csv", Map.of(), Optional.empty(), 0));
  }

  @Test
  void fileSourcesMapEverySetting() throws IOException {
    FileSourceConfig source = (FileSourceConfig) sources("""
        sources.events {
          type = file
          entity = event
          path = "s3a://landing/events/2026-*/*.json"
          format = json
          options { multiLine = true, encoding = "ISO-8859-1" }
          schema = "id BIGINT, kind STRING"
          max-bad-records = 25
        }
        """, Map.of()).get("events");

    assertThat(source).isEqualTo(new FileSourceConfig("events", "event", "s3a://landing/events/2026-*/*.json", "json",
        Map.of("multiLine", "true"), Optional.of("id BIGINT, kind STRING"), 25, java.nio.charset.StandardCharsets.ISO_8859_1,
        FileSourceConfig.EncodingErrors.QUARANTINE_ROW));
  }

  @Test
  void fileSourcesTakeAnEncodingAndWhatToQuarantineWhenItDoesNotDecode() throws IOException {
    FileSourceConfig source = (FileSourceConfig) sources("""
        sources.legacy { type = file, path = "in/*.csv", encoding = "latin1", encoding-errors = quarantine-file }
        """, Map.of()).get("legacy");

    assertThat(source.encoding()).isEqualTo(java.nio.charset.StandardCharsets.ISO_8859_1);
    assertThat(source.encodingErrors()).isEqualTo(FileSourceConfig.EncodingErrors.QUARANTINE_FILE);
    assertThat(source.options()).isEmpty();
    assertThat(((FileSourceConfig) sources("sources.plain { type = file, path = x }\n", Map.of()).get("plain")).encoding())
        .isEqualTo(java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void anUnknownEncodingNamesTheKeyAndListsExamples() {
    assertThat(problems("sources.legacy { type = file, path = x, encoding = \"latin-9000\" }\n"))
        .contains("sources.legacy.encoding: is 'latin-9000', which is not a character set this Java knows. "
            + "Fix: use a name such as UTF-8, ISO-8859-1, windows-1252, UTF-16 or Shift_JIS");
    assertThat(problems("sources.legacy { type = file, path = x, encoding = UTF-8, options { encoding = \"ISO-8859-1\" } }\n"))
        .contains("sources.legacy.encoding: is 'UTF-8' but options.encoding is 'ISO-8859-1'. Fix: set the encoding once, in sources.legacy.encoding");
    assertThat(problems("sources.legacy { type = file, path = x, encoding-errors = drop }\n"))
        .contains("sources.legacy.encoding-errors: is 'drop', which is not one of quarantine-row, quarantine-file");
    assertThat(problems("sources.p { type = file, path = x, format = parquet, encoding = UTF-8 }\n"))
        .contains("sources.p.encoding: does not apply to Parquet, whose text is always UTF-8");
  }

  @Test
  void jdbcSourcesMapEverySetting() throws IOException {
    JdbcSourceConfig source = (JdbcSourceConfig) sources("""
        sources.shop_orders {
          type = jdbc
          entity = orders
          url = "jdbc:mysql://db:3306/shop?permitMysqlScheme"
          user = reader
          password = "env:SHOP_DB_PASSWORD"
          table = "orders"
          mode = incremental
          cursor = [updated_at, id]
          lookback = 10 minutes
          partitioning { column = id, count = 8 }
          fetch-size = 5000
        }
        """, Map.of("SHOP_DB_PASSWORD", "pw")).get("shop_orders");

    assertThat(source.entity()).isEqualTo("orders");
    assertThat(source.driverClass()).isEqualTo("org.mariadb.jdbc.Driver");
    assertThat(source.password().orElseThrow().reveal()).isEqualTo("pw");
    assertThat(source.table()).hasValue("orders");
    assertThat(source.incremental()).isTrue();
    assertThat(source.cursor()).containsExactly("updated_at", "id");
    assertThat(source.lookback()).isEqualTo(Duration.ofMinutes(10));
    assertThat(source.partitioning()).hasValue(new JdbcSourceConfig.Partitioning("id", 8, Optional.empty(), Optional.empty()));
    assertThat(source.fetchSize()).isEqualTo(5000);
  }

  @Test
  void jdbcSourcesDefaultToAFullSnapshotWithThePostgresDriver() throws IOException {
    JdbcSourceConfig source = (JdbcSourceConfig) sources(
        "sources.customers { type = jdbc, url = \"jdbc:postgresql://db/shop\", user = r, query = \"SELECT * FROM c\" }", Map.of())
        .get("customers");

    assertThat(source.mode()).isEqualTo("full");
    assertThat(source.incremental()).isFalse();
    assertThat(source.driverClass()).isEqualTo("org.postgresql.Driver");
    assertThat(source.password()).isEmpty();
    assertThat(source.lookback()).isZero();
    assertThat(source.partitioning()).isEmpty();
  }

  @Test
  void restSourcesMapEverySetting() throws IOException {
    RestSourceConfig source = (RestSourceConfig) sources("""
        sources.products {
          type = rest
          url = "https://api.example.com/v1/products"
          records-path = "data.items"
          pagination { type = cursor, cursor-param = after, cursor-path = "meta.next" }
          auth { type = bearer, token = "env:API_TOKEN" }
          headers { Accept = "application/json" }
          params { status = active }
          incremental { param = updated_since, field = updated_at, initial = "2026-01-01T00:00:00Z" }
          retry { max-attempts = 3, initial-backoff = 100ms, max-backoff = 5s }
          requests-per-second = 4
          connect-timeout = 2s
          read-timeout = 20s
        }
        """, Map.of("API_TOKEN", "t0k3n")).get("products");

    assertThat(source.url()).isEqualTo(URI.create("https://api.example.com/v1/products"));
    assertThat(source.recordsPath()).isEqualTo("data.items");
    assertThat(source.pagination().type()).isEqualTo("cursor");
    assertThat(source.pagination().cursorParam()).isEqualTo("after");
    assertThat(source.pagination().cursorPath()).isEqualTo("meta.next");
    assertThat(source.auth().type()).isEqualTo("bearer");
    assertThat(source.auth().token().orElseThrow().reveal()).isEqualTo("t0k3n");
    assertThat(source.headers()).containsExactly(Map.entry("Accept", "application/json"));
    assertThat(source.params()).containsExactly(Map.entry("status", "active"));
    assertThat(source.incremental()).hasValue(new RestSourceConfig.Incremental("updated_since", "updated_at", Optional.of("2026-01-01T00:00:00Z")));
    assertThat(source.retry()).isEqualTo(new RestSourceConfig.Retry(3, Duration.ofMillis(100), Duration.ofSeconds(5)));
    assertThat(source.requestsPerSecond()).isEqualTo(4);
    assertThat(source.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(source.readTimeout()).isEqualTo(Duration.ofSeconds(20));
    assertThat(source.toString()).doesNotContain("t0k3n");
  }

  @Test
  void reportsEverySourceMistake() {
    String message = problems("""
        sources {
          a { path = "x.csv" }
          b { type = ftp }
          c { type = jdbc, url = "jdbc:mariadb://db/shop", user = r, table = t, query = "select 1", mode = incremental }
          d { type = rest, url = "ftp://x", auth { type = api-key, key = "env:NOPE" }, pagination { type = pages } }
          e { type = file, path = "s3://bucket/x", format = xml, max-bad-record = 3 }
        }
        """);

    assertThat(message)
        .contains("sources.a.type: is required but not set. Fix: write type = file, jdbc, rest or kafka")
        .contains("sources.b.type: is 'ftp', which is not one of file, jdbc, rest")
        .contains("sources.c.url: starts with jdbc:mariadb:").contains("write jdbc:mysql://db/shop?permitMysqlScheme")
        .contains("sources.c.query: cannot be set together with table")
        .contains("sources.c.cursor: is required for mode = incremental")
        .contains("sources.d.url: is not an http:// or https:// URL")
        .contains("sources.d.auth.key: environment variable NOPE is not set")
        .contains("sources.d.auth.header: or query-param must be set")
        .contains("sources.d.pagination.type: is 'pages'").contains("did you mean 'page'?")
        .contains("sources.e.path: uses s3://")
        .contains("sources.e.format: is 'xml'")
        .contains("sources.e.max-bad-record: is not a known setting. Fix: did you mean 'sources.e.max-bad-records'?");
  }

  @Test
  void aSourceQueryMustBeOneReadOnlySelect() {
    String message = problems("""
        sources {
          hostile { type = jdbc, url = "jdbc:postgresql://db/shop", user = r,
            query = "SELECT * FROM customers) AS x; DROP TABLE victim2; SELECT * FROM (SELECT 1" }
          writer { type = jdbc, url = "jdbc:postgresql://db/shop", user = r, query = "DELETE FROM customers" }
          literal { type = jdbc, url = "jdbc:postgresql://db/shop", user = r, query = "SELECT 'a;b' AS x" }
        }
        """);

    assertThat(message)
        .contains("sources.hostile.query: holds a ';' before its end, so it could run more than one statement."
            + " Fix: write one SELECT with no ';' (except one at the very end)")
        .contains("sources.writer.query: starts with 'DELETE', not SELECT or WITH. Fix: write one read-only query")
        .contains("sources.literal.query: holds a ';' before its end");
  }

  @Test
  void aSourceQueryMayEndWithOneSemicolonAndStartWithWithOrAComment() throws IOException {
    Map<String, SourceConfig> sources = sources("""
        sources {
          a { type = jdbc, url = "jdbc:postgresql://db/shop", user = r, query = "select * from c ;  " }
          b { type = jdbc, url = "jdbc:postgresql://db/shop", user = r, query = "WITH x AS (SELECT 1 AS id) SELECT * FROM x" }
          c { type = jdbc, url = "jdbc:postgresql://db/shop", user = r, query = "-- recent\\n/* only */ (SELECT 1) UNION (SELECT 2)" }
        }
        """, Map.of());

    assertThat(sources).containsOnlyKeys("a", "b", "c");
  }

  @Test
  void jdbcNamesThatIngestWouldRefuseAreConfigProblems() {
    String message = problems("""
        sources {
          t { type = jdbc, url = "jdbc:postgresql://db/shop", user = r, table = "orders; DROP TABLE x" }
          c { type = jdbc, url = "jdbc:postgresql://db/shop", user = r, table = orders, mode = incremental,
              cursor = [updated_at, "id DESC"], partitioning { column = "1st" } }
        }
        """);

    assertThat(message)
        .contains("sources.t.table: is 'orders; DROP TABLE x', not a plain table name. Fix: write table = \"schema.table\"")
        .contains("sources.c.cursor: has 'id DESC', not a plain column name. Fix: use letters, digits and '_', not starting with a digit")
        .contains("sources.c.partitioning.column: is '1st', not a plain column name")
        .doesNotContain("has 'updated_at'");
  }

  @Test
  void keepsSourcesInFileOrder() throws IOException {
    Map<String, SourceConfig> sources = sources("""
        sources {
          zeta { type = file, path = a }
          aa { type = file, path = b }
          zz { type = file, path = c }
          q { type = file, path = d }
          alpha { type = file, path = e }
        }
        """, Map.of());

    assertThat(List.copyOf(sources.keySet())).containsExactly("zeta", "aa", "zz", "q", "alpha");
  }
}
