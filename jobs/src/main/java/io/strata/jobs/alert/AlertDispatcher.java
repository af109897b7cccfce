package io.strata.jobs.alert;

import static java.util.Objects.requireNonNull;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import io.strata.layout.config.AlertChannel;
import io.strata.layout.config.AlertRule;
import io.strata.layout.config.AlertsConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends an alert to every channel of every rule that listens for its event, each channel once,
 * retrying a channel with a doubling backoff. It never throws: what could not be delivered comes
 * back as a failed {@link AlertDelivery}.
 */
public final class AlertDispatcher {
  private final AlertsConfig config;
  private final Map<String, AlertSender> senders;

  public AlertDispatcher(AlertsConfig config) {
    this(config, senders(config));
  }

  AlertDispatcher(AlertsConfig config, Map<String, AlertSender> senders) {
    this.config = requireNonNull(config, "config is null");
    this.senders = Map.copyOf(requireNonNull(senders, "senders is null"));
  }

  private static Map<String, AlertSender> senders(AlertsConfig config) {
    Map<String, AlertSender> senders = new LinkedHashMap<>();
    config.channels().forEach((name, channel) -> senders.put(name, channel instanceof AlertChannel.Email email
        ? new EmailSender(email) : new WebhookSender((AlertChannel.Webhook) channel)));
    return senders;
  }

  /** The channels that {@code alert} goes to, in the order the rules name them. */
  public Set<String> channelsFor(Alert alert) {
    Set<String> channels = new LinkedHashSet<>();
    for (AlertRule rule : config.rules()) {
      if (rule.listensTo(alert.event())) {
        channels.addAll(rule.channels());
      }
    }
    return channels;
  }

  public List<AlertDelivery> dispatch(Alert alert) {
    return dispatch(alert, channelsFor(alert));
  }

  /** Sends {@code alert} to {@code channels} (a long-running rule chooses its own). */
  public List<AlertDelivery> dispatch(Alert alert, Set<String> channels) {
    List<AlertDelivery> deliveries = new ArrayList<>();
    for (String channel : channels) {
      deliveries.add(deliver(channel, alert));
    }
    return deliveries;
  }

  private AlertDelivery deliver(String channel, Alert alert) {
    Instant start = Instant.now();
    AtomicInteger attempts = new AtomicInteger();
    RetryPolicy<Object> retry = RetryPolicy.builder()
        .handle(Exception.class)
        .withMaxAttempts(config.attempts())
        .withBackoff(config.backoff(), config.backoff().multipliedBy(16))
        .build();
    Optional<String> error = Optional.empty();
    try {
      Failsafe.with(retry).run(() -> {
        attempts.incrementAndGet();
        senders.get(channel).send(alert);
      });
    } catch (RuntimeException | LinkageError e) {
      Throwable cause = e instanceof FailsafeException && e.getCause() != null ? e.getCause() : e;
      error = Optional.of(describe(cause));
      if (cause instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
    }
    return new AlertDelivery(channel, alert.event(), alert.stage(), attempts.get(), error, start, Instant.now());
  }

  /** The error's type and first line: the senders' own messages name references, never secrets. */
  private static String describe(Throwable error) {
    String message = String.valueOf(error.getMessage()).lines().findFirst().orElse("").strip();
    return error.getClass().getSimpleName() + (message.isEmpty() || message.equals("null") ? "" : ": " + message);
  }
}
