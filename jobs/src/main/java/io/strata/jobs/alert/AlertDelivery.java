package io.strata.jobs.alert;

import static java.util.Objects.requireNonNull;

import io.strata.layout.config.AlertEvent;
import java.time.Instant;
import java.util.Optional;

/**
 * How one alert fared on one channel: delivered, or failed after {@code attempts} tries with the
 * last error (which names the channel's reference, never a URL token or a password).
 */
public record AlertDelivery(String channel, AlertEvent event, Optional<String> stage, int attempts, Optional<String> error,
    Instant startedAt, Instant endedAt) {
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
}
