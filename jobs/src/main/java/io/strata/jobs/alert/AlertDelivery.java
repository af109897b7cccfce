package io.strata.jobs.alert;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.jobs.runlog.RunRecord;
import io.strata.layout.config.AlertEvent;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How one alert fared on one channel: delivered, or failed after {@code attempts} tries with the
 * last error (which names the channel's reference, never a URL token or a password).
 */
public record AlertDelivery(String channel, AlertEvent event, Optional<String> stage, int attempts, Optional<String> error,
    Instant startedAt, Instant endedAt) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public AlertDelivery {
    requireNonNull(channel, "channel is null");
    requireNonNull(event, "event is null");
    requireNonNull(stage, "stage is null");
    requireNonNull(error, "error is null");
    requireNonNull(startedAt, "startedAt is null");
    requireNonNull(endedAt, "endedAt is null");
  }

  public boolean delivered() {
    return error.isEmpty();
  }

  /** Its run-log line: stage {@code alert}, target {@code channel/event[/stage]}, the attempts in the details. */
  public RunRecord runRecord(String runId, String pipeline, LocalDate runDate, String applicationId) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("event", event.configName());
    stage.ifPresent(name -> details.put("stage", name));
    details.put("attempts", attempts);
    String target = channel + "/" + event.configName() + stage.map(name -> "/" + name).orElse("");
    String text;
    try {
      text = JSON.writeValueAsString(details);
    } catch (JsonProcessingException e) {
      text = "{}";
    }
    return new RunRecord(runId, pipeline, runDate, RunRecord.ALERT, target, delivered() ? RunRecord.Status.SUCCESS : RunRecord.Status.FAILED,
        0, 0, 0, startedAt, Optional.of(endedAt), error, applicationId, text);
  }
}
