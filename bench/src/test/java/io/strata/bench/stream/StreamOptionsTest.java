package io.strata.bench.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StreamOptionsTest {
  private static final Path PROJECT = Path.of("/project");

  @Test
  void defaultsAreFiveMillionEventsAndTenThousandPerSecondForSixTriggersOfStrataStreamsDefault() {
    StreamBenchmark.Options options = StreamBenchmark.Options.parse(new String[0], PROJECT);

    assertThat(options.events()).isEqualTo(5_000_000);
    assertThat(options.rate()).isEqualTo(10_000);
    assertThat(options.triggerSeconds()).isEqualTo(30);
    assertThat(options.seconds()).isEqualTo(180);
    assertThat(options.workDir()).isEqualTo(PROJECT.resolve("target/bench-stream"));
  }

  @Test
  void optionsAreReadAndAMistakeIsNamed() {
    StreamBenchmark.Options options = StreamBenchmark.Options.parse(
        new String[] {"--events", "200_000", "--rate", "5,000", "--seconds", "60", "--trigger", "10"}, PROJECT);

    assertThat(options).extracting("events", "rate", "seconds", "triggerSeconds").containsExactly(200_000L, 5_000, 60, 10);
    assertThatThrownBy(() -> StreamBenchmark.Options.parse(new String[] {"--trigger", "0"}, PROJECT))
        .hasMessage("--events, --rate, --seconds and --trigger must be positive");
    assertThatThrownBy(() -> StreamBenchmark.Options.parse(new String[] {"--lag"}, PROJECT)).hasMessage("--lag needs a value");
  }

  @Test
  void theClosingLineNamesTheTriggerTheLatencyTargetIsRelativeTo() {
    StreamBenchmark.Options options = StreamBenchmark.Options.parse(new String[] {"--events", "1000"}, PROJECT);

    String line = StreamBenchmark.closingLine(options, 172_897.4, new StreamBenchmark.Latency(1_800_000, 9_103.2, 28.54, 46.31, 48.1));

    assertThat(line).isEqualTo("bench stream: events=1000 batch=172897 continuous=9103 p50-latency=28.5 p99-latency=46.3 trigger=30");
  }
}
