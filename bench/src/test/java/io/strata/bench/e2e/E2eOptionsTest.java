package io.strata.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class E2eOptionsTest {
  private static final Path PROJECT = Path.of("/checkout");

  @Test
  void defaultsAreSixMillionLinesOverSevenYearsWithTheDemoTimed() {
    E2eOptions options = E2eOptions.parse(new String[0], PROJECT);

    assertThat(options).isEqualTo(new E2eOptions(6_000_000, 150_000, 200_000, 10_000, 7, 42, true, Path.of("/checkout/target/bench-e2e")));
    assertThat(options.runDate()).isEqualTo(LocalDate.of(2026, 3, 1));
    assertThat(options.firstOrderDate()).isEqualTo(LocalDate.of(2019, 3, 2));
  }

  @Test
  void takesEveryFlag() {
    E2eOptions options = E2eOptions.parse(new String[] {"--lines", "60_000", "--customers", "1,500", "--products", "2000", "--suppliers", "100",
        "--years", "2", "--seed", "7", "--no-demo", "--workdir", "/tmp/e2e"}, PROJECT);

    assertThat(options).isEqualTo(new E2eOptions(60_000, 1_500, 2_000, 100, 2, 7, false, Path.of("/tmp/e2e")));
  }

  @Test
  void refusesWhatItCannotRun() {
    assertThatThrownBy(() -> E2eOptions.parse(new String[] {"--rows", "5"}, PROJECT)).hasMessage("unknown option '--rows'");
    assertThatThrownBy(() -> E2eOptions.parse(new String[] {"--lines"}, PROJECT)).hasMessage("--lines needs a value");
    assertThatThrownBy(() -> E2eOptions.parse(new String[] {"--lines", "many"}, PROJECT))
        .hasMessage("--lines takes a whole number, not 'many'");
    assertThatThrownBy(() -> E2eOptions.parse(new String[] {"--years", "0"}, PROJECT)).hasMessage("--years must be at least 1, not 0");
  }
}
