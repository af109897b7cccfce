package io.strata.jobs.ingest.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RestWatermarkTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Optional<String> track(Optional<String> start, String... records) throws Exception {
    WatermarkTracker tracker = new WatermarkTracker("meta.updated_at", start);
    for (String record : records) {
      tracker.offer(JSON.readTree(record));
    }
    return tracker.current();
  }

  @Test
  void greatestIsoTimestampWins() throws Exception {
    assertThat(track(Optional.empty(),
        "{\"meta\":{\"updated_at\":\"2026-03-01T10:00:00Z\"}}",
        "{\"meta\":{\"updated_at\":\"2026-03-02T09:00:00Z\"}}",
        "{\"meta\":{\"updated_at\":\"2026-02-28T23:59:59Z\"}}")).contains("2026-03-02T09:00:00Z");
  }

  @Test
  void numbersCompareNumericallyNotAsText() throws Exception {
    assertThat(track(Optional.of("9"), "{\"meta\":{\"updated_at\":10}}", "{\"meta\":{\"updated_at\":2}}")).contains("10");
  }

  @Test
  void timestampsWithOffsetsCompareByInstant() {
    assertThat(WatermarkOrder.INSTANCE.compare("2026-03-01T10:00:00+02:00", "2026-03-01T09:00:00Z")).isNegative();
    assertThat(WatermarkOrder.INSTANCE.compare("2026-03-02", "2026-03-01")).isPositive();
  }

  @Test
  void keepsTheOldWatermarkWithoutNewerRecords() throws Exception {
    assertThat(track(Optional.of("2026-03-05T00:00:00Z"))).contains("2026-03-05T00:00:00Z");
    assertThat(track(Optional.of("2026-03-05T00:00:00Z"), "{\"meta\":{\"updated_at\":\"2026-03-01T00:00:00Z\"}}"))
        .contains("2026-03-05T00:00:00Z");
    assertThat(track(Optional.empty(), "{\"meta\":{}}", "{\"meta\":{\"updated_at\":null}}")).isEmpty();
  }
}
