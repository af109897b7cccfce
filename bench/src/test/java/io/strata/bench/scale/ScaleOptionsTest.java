package io.strata.bench.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class ScaleOptionsTest {
  private static final Path PROJECT = Path.of("/checkout");

  @Test
  void defaultsAreAMillionCustomersAndFiveMillionOrdersOverThreeYears() {
    ScaleOptions options = ScaleOptions.parse(new String[0], PROJECT);

    assertThat(options).isEqualTo(new ScaleOptions(1_000_000, 5_000_000, 42, 1096, Path.of("/checkout/target/bench-scale"), null));
    assertThat(options.firstRunDate()).isEqualTo(LocalDate.of(2026, 3, 1));
    assertThat(options.secondRunDate()).isEqualTo(LocalDate.of(2026, 3, 2));
  }

  @Test
  void takesEveryFlag() {
    ScaleOptions options = ScaleOptions.parse(new String[] {"--customers", "20_000", "--orders", "100,000", "--seed", "7", "--days", "60",
        "--workdir", "/tmp/scale", "--day1-copy", "/tmp/scale-day1"}, PROJECT);

    assertThat(options).isEqualTo(new ScaleOptions(20_000, 100_000, 7, 60, Path.of("/tmp/scale"), Path.of("/tmp/scale-day1")));
  }

  @Test
  void refusesWhatItCannotRun() {
    assertThatThrownBy(() -> ScaleOptions.parse(new String[] {"--rows", "5"}, PROJECT)).hasMessage("unknown option '--rows'");
    assertThatThrownBy(() -> ScaleOptions.parse(new String[] {"--orders"}, PROJECT)).hasMessage("--orders needs a value");
    assertThatThrownBy(() -> ScaleOptions.parse(new String[] {"--orders", "many"}, PROJECT))
        .hasMessage("--orders takes a whole number, not 'many'");
    assertThatThrownBy(() -> ScaleOptions.parse(new String[] {"--customers", "99"}, PROJECT))
        .hasMessage("--customers must be at least 100 (1% of them change on day 2), not 99");
    assertThatThrownBy(() -> ScaleOptions.parse(new String[] {"--days", "30"}, PROJECT))
        .hasMessage("--days must be at least 31 (late rows of day 2 fall in the 30 days before it), not 30");
  }
}
