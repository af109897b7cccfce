package io.strata.layout.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsConfigTest {
  @TempDir Path dir;

  @Test
  void aPushgatewayIsOptionalAndReadWithItsDefaults() throws Exception {
    assertThat(ConfigText.load(dir, "lake.root = lake\n", Map.of()).metrics().pushgateway()).isEmpty();

    MetricsConfig.Pushgateway gateway = ConfigText.load(dir, """
        lake.root = lake
        metrics.pushgateway { url = "https://push.example.com:9091", user = strata, password = "env:PUSH_PASSWORD" }
        """, Map.of("PUSH_PASSWORD", "pw")).metrics().pushgateway().orElseThrow();

    assertThat(gateway.url().toString()).isEqualTo("https://push.example.com:9091");
    assertThat(gateway.job()).isEqualTo("strata");
    assertThat(gateway.timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(gateway.password()).map(Secret::reference).hasValue("env:PUSH_PASSWORD");
  }

  @Test
  void mistakesNameTheKeyAndTheFix() {
    assertThat(ConfigText.problems(() -> ConfigText.load(dir, """
        lake.root = lake
        metrics.pushgateway { url = "pushgateway:9091", password = "env:P", jbo = nightly }
        """, Map.of("P", "pw")))).containsExactlyInAnyOrder(
            "metrics.pushgateway.url: is not an http:// or https:// URL with a host Fix: write url = \"http://pushgateway:9091\"",
            "metrics.pushgateway.user: is not set, but password is Fix: set both user and password for basic authentication, or neither",
            "metrics.pushgateway.jbo: is not a known setting Fix: did you mean 'metrics.pushgateway.job'?");
    assertThat(ConfigText.problems(() -> ConfigText.load(dir, "lake.root = lake\nmetrics.pushgateway.url = \"http://u:secret-pw@push:9091\"\n", Map.of())))
        .containsExactly("metrics.pushgateway.url: holds a user and password (not shown) Fix: move them to user = ... and password = \"env:PUSHGATEWAY_PASSWORD\"");
  }
}
