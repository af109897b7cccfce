package io.strata.jobs.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.jobs.stage.Stage;
import io.strata.jobs.stage.StageResult;
import io.strata.jobs.testing.HttpReceiver;
import io.strata.layout.config.AlertChannel;
import io.strata.layout.config.AlertEvent;
import io.strata.layout.config.AlertRule;
import io.strata.layout.config.AlertsConfig;
import io.strata.layout.config.Secret;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The run's hooks: long-running timers, what a failure and a success say; against a real HTTP receiver. */
class RunAlertsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private HttpReceiver receiver;
  private final List<String> console = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    receiver = new HttpReceiver();
  }

  @AfterEach
  void stop() {
    receiver.close();
  }

  private RunAlerts alerts(AlertRule... rules) {
    AlertsConfig config = new AlertsConfig(true, Optional.empty(),
        Map.of("hook", new AlertChannel.Webhook("hook", Secret.of("env:HOOK", receiver.url("/hook")), "generic", Map.of(), Duration.ofSeconds(5))),
        List.of(rules), 2, Duration.ofMillis(10));
    return new RunAlerts(config, new AlertDispatcher(config), "shop", "run-1", LocalDate.of(2026, 3, 1), console::add);
  }

  private static AlertRule slowModel(Duration limit) {
    return new AlertRule("slow", Set.of(AlertEvent.LONG_RUNNING), Optional.empty(), Map.of("model", limit), List.of("hook"));
  }

  private JsonNode received(int index) throws Exception {
    return JSON.readTree(receiver.received("/hook").get(index).body());
  }

  @Test
  void aStagePastItsLimitIsReportedWhileItRuns() throws Exception {
    try (RunAlerts alerts = alerts(slowModel(Duration.ofMinutes(30)))) {
      alerts.stageStarted(Stage.INGEST, Instant.now().minus(Duration.ofHours(1)));
      alerts.stageStarted(Stage.MODEL, Instant.now().minus(Duration.ofMinutes(31)));

      waitForRequests(1);

      JsonNode alert = received(0);
      assertThat(alert.get("event").asText()).isEqualTo("long-running");
      assertThat(alert.get("stage").asText()).isEqualTo("model");
      assertThat(alert.get("headline").asText()).isEqualTo("stage model is still running after 30m");
      assertThat(alert.get("details").get(0).asText()).isEqualTo("limit: model = 30m (rule slow)");
      assertThat(alerts.drain()).extracting(AlertDelivery::channel, AlertDelivery::delivered)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("hook", true));
    }
    assertThat(receiver.received("/hook")).as("ingest has no limit").hasSize(1);
  }

  @Test
  void aStageThatEndsInTimeSendsNothing() throws Exception {
    try (RunAlerts alerts = alerts(slowModel(Duration.ofMillis(300)))) {
      alerts.stageStarted(Stage.MODEL, Instant.now());
      alerts.stageSucceeded(Stage.MODEL, List.of());
      Thread.sleep(600);
      assertThat(alerts.drain()).isEmpty();
    }
    assertThat(receiver.received()).isEmpty();
  }

  @Test
  void aFailureNamesTheStageAndTheReasonsFirstLineOnly() throws Exception {
    AlertRule failures = new AlertRule("failures", Set.of(AlertEvent.FAILURE), Optional.empty(), Map.of(), List.of("hook"));
    try (RunAlerts alerts = alerts(failures)) {
      alerts.stageStarted(Stage.EXPORT, Instant.now());
      alerts.stageFailed(Stage.EXPORT, Duration.ofSeconds(3), new IllegalStateException("connection reset\n  at a stack line\n  more"));
      alerts.runSucceeded(Duration.ofSeconds(9), List.of(new StageResult(Stage.INGEST, "orders", 1, 1, 0, Duration.ZERO, Map.of())));
    }

    assertThat(receiver.received("/hook")).as("the rule does not listen for success").hasSize(1);
    JsonNode alert = received(0);
    assertThat(alert.get("event").asText()).isEqualTo("failure");
    assertThat(alert.get("headline").asText()).isEqualTo("stage export failed after 3.0 s");
    assertThat(alert.get("details").get(0).asText()).isEqualTo("IllegalStateException: connection reset");
    assertThat(console).containsExactly("alert failure sent to hook");
  }

  @Test
  void aFailureThatQuotesARowsValueIsSentWithoutIt() throws Exception {
    AlertRule failures = new AlertRule("failures", Set.of(AlertEvent.FAILURE), Optional.empty(), Map.of(), List.of("hook"));
    try (RunAlerts alerts = alerts(failures)) {
      alerts.stageFailed(Stage.PROCESS, Duration.ofSeconds(1), new IllegalArgumentException(
          "[CAST_INVALID_INPUT] The value 'ada@example.com' of the type \"STRING\" cannot be cast to \"INT\""));
    }

    assertThat(receiver.received("/hook")).singleElement().satisfies(request -> assertThat(request.body()).doesNotContain("ada@example.com"));
    assertThat(received(0).get("details").get(0).asText())
        .isEqualTo("IllegalArgumentException: [CAST_INVALID_INPUT] The value '…' of the type \"…\" cannot be cast to \"…\"");
  }

  private void waitForRequests(int count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (receiver.received().size() < count && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }
}
