package io.strata.jobs.maintain;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.jobs.cli.ExitCodes;
import io.strata.jobs.cli.StrataCli;
import io.strata.layout.LakeLayout;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code strata maintain [--dry-run]} from the command line, on a local lake. */
class MaintainCommandIT {
  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int execute(String... args) {
    CommandLine cli = StrataCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void dryRunListsAndKeepsThenARealRunDeletes() throws Exception {
    Path config = Files.writeString(dir.resolve("p.conf"), """
        lake { root = lake, retention-days { raw = 30 } }
        spark { master = "local[2]", conf { "spark.ui.enabled" = false } }
        """);
    Files.createDirectories(dir.resolve("lake"));
    LakeLayout layout = new LakeLayout(dir.resolve("lake").toUri());
    Path old = MaintainTesting.localPartition(layout.rawEntity("orders_files", "orders"), LocalDate.of(2026, 2, 28));
    Path kept = MaintainTesting.localPartition(layout.rawEntity("orders_files", "orders"), LocalDate.of(2026, 3, 1));

    assertThat(execute("ingest", "--config", config.toString(), "--dry-run")).isEqualTo(ExitCodes.BAD_USAGE_OR_CONFIG);
    assertThat(err.toString()).contains("--dry-run applies to maintain only");

    assertThat(execute("maintain", "--config", config.toString(), "--run-date", "2026-03-31", "--dry-run")).isZero();
    assertThat(old).exists();
    assertThat(out.toString()).contains("[maintain] started", "dry run: lists what would be deleted, vacuumed and compacted; changes nothing")
        .containsPattern("raw/orders_files/orders: would delete \\S+/raw/orders_files/orders/ingest_date=2026-02-28 \\(2 files, 18 B\\)")
        .containsPattern("(?m)^stage +target +files compacted +files expired +bytes expired +files vacuumed +time +details$")
        .containsPattern("(?m)^maintain +raw/orders_files/orders +0 +2 +18 B +0 +\\S+ m?s +dry_run=1 partitions_expired=1$");

    assertThat(execute("maintain", "--config", config.toString(), "--run-date", "2026-03-31")).isZero();
    assertThat(old).doesNotExist();
    assertThat(kept).exists();
    assertThat(Path.of(URI.create(layout.runLog("pipeline_executions").uri()))).isDirectory();
  }
}
