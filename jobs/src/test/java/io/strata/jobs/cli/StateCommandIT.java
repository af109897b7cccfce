package io.strata.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.jobs.ingest.SourceState;
import io.strata.jobs.ingest.state.SourceStateStore;
import io.strata.jobs.testing.TestingSpark;
import io.strata.layout.LakeLayout;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code strata state show|set|reset} against a real lake's state area. */
class StateCommandIT {
  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int strata(String... args) {
    CommandLine cli = StrataCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void showsSetsAndResetsASourcesState() throws Exception {
    Path config = Files.writeString(dir.resolve("p.conf"), """
        lake.root = lake
        sources.shop { type = file, path = "in/*.csv" }
        """);
    Files.createDirectories(dir.resolve("lake"));
    SourceStateStore store = new SourceStateStore(new LakeLayout(dir.resolve("lake").toUri()),
        TestingSpark.session().sparkContext().hadoopConfiguration());
    String c = config.toString();

    assertThat(strata("state", "show", "--config", c, "--source", "shop")).isZero();
    assertThat(out.toString()).contains("source shop: no state yet");

    store.commitRun("shop", LocalDate.of(2026, 3, 1), "run-1", SourceState.empty(), new SourceState(Map.of("watermark", "2026-03-01T10:00:00Z")));
    assertThat(strata("state", "show", "--config", c, "--source", "shop")).isZero();
    assertThat(out.toString()).contains("#1 run of run date 2026-03-01 by run-1").contains("  watermark = 2026-03-01T10:00:00Z");

    assertThat(strata("state", "set", "--config", c, "--source", "shop", "--value", "watermark=2026-01-01T00:00:00Z")).isZero();
    assertThat(store.history("shop").previousFor(LocalDate.of(2026, 3, 1))).isEqualTo(new SourceState(Map.of("watermark", "2026-01-01T00:00:00Z")));

    assertThat(strata("state", "reset", "--config", c, "--source", "shop")).isZero();
    assertThat(out.toString()).contains("source shop: state reset (entry 3)");
    assertThat(store.history("shop").latest()).isEqualTo(SourceState.empty());

    assertThat(strata("state", "show", "--history", "--config", c, "--source", "shop")).isZero();
    assertThat(out.toString()).contains("#2 set by manual").contains("#3 reset by manual");
  }

  @Test
  void namesTheSourcesWhenTheSourceIsUnknown() throws Exception {
    Path config = Files.writeString(dir.resolve("p.conf"), "lake.root = lake\nsources.shop { type = file, path = x }\n");

    assertThat(strata("state", "show", "--config", config.toString(), "--source", "shp")).isEqualTo(ExitCodes.RUNTIME_FAILURE);
    assertThat(err.toString()).contains("--source shp: no such source in the config; sources: shop");
    assertThat(strata("state", "wipe", "--config", config.toString(), "--source", "shop")).isEqualTo(ExitCodes.BAD_USAGE_OR_CONFIG);
    assertThat(err.toString()).contains("unknown action 'wipe'; use show, reset or set");
  }
}
