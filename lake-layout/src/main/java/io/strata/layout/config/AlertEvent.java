package io.strata.layout.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** What an alert rule listens for ({@code on = [failure, quality-fail]}). */
public enum AlertEvent {
  /** A stage failed; a failed quality gate counts too. */
  FAILURE,
  /** Checks of severity {@code fail} did not pass. */
  QUALITY_FAIL,
  /** Checks of severity {@code warn} did not pass; the run goes on. */
  QUALITY_WARN,
  /** The run finished every stage it was asked to run. */
  SUCCESS,
  /** A stage or the run is still running after the rule's limit. */
  LONG_RUNNING;

  /** The name in the config: {@code quality-fail}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static Optional<AlertEvent> fromConfigName(String name) {
    return Arrays.stream(values()).filter(event -> event.configName().equals(name.toLowerCase(Locale.ROOT))).findFirst();
  }

  public static List<String> configNames() {
    return Arrays.stream(values()).map(AlertEvent::configName).toList();
  }
}
