package io.strata.layout.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code alerts} section: channels (webhooks, mailboxes) and the rules that say which events
 * reach which channels. A channel that is down never fails the pipeline: each delivery is tried
 * {@code attempts} times with a doubling {@code backoff}, and its outcome is written to the run log.
 *
 * @param reportUrl where a run's report is served; {@code {run_id}}, {@code {pipeline}} and
 *     {@code {run_date}} in it are replaced, and the alert links to it
 */
public record AlertsConfig(boolean enabled, Optional<String> reportUrl, Map<String, AlertChannel> channels, List<AlertRule> rules,
    int attempts, Duration backoff) {
  public AlertsConfig {
    requireNonNull(reportUrl, "reportUrl is null");
    channels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(channels, "channels is null")));
    rules = List.copyOf(requireNonNull(rules, "rules is null"));
    requireNonNull(backoff, "backoff is null");
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1: " + attempts);
    }
  }

  public static AlertsConfig none() {
    return new AlertsConfig(false, Optional.empty(), Map.of(), List.of(), 1, Duration.ofSeconds(1));
  }

  /** Whether any rule would tell anyone anything. */
  public boolean isActive() {
    return enabled && !rules.isEmpty();
  }

  static AlertsConfig parse(SectionReader reader) {
    boolean enabled = reader.bool("enabled", true);
    Optional<String> reportUrl = reader.optionalString("report-url");
    reportUrl.filter(url -> !(url.startsWith("http://") || url.startsWith("https://") || url.startsWith("file:")))
        .ifPresent(url -> reader.problem("report-url", "is not an http://, https:// or file: URL",
            "write report-url = \"https://reports.example.com/strata/{run_id}.html\""));
    int attempts = reader.integer("attempts", 3, 1, 10);
    Duration backoff = reader.duration("backoff", Duration.ofSeconds(2), Duration.ofMillis(10));
    Map<String, AlertChannel> channels = new LinkedHashMap<>();
    reader.subsection("channels").ifPresent(section -> {
      for (String name : section.entryNames()) {
        section.subsection(name).ifPresent(channel -> channels.put(name, AlertChannel.parse(name, channel)));
      }
      section.finish();
    });
    List<AlertRule> rules = new ArrayList<>();
    Optional<SectionReader> ruleSection = reader.subsection("rules");
    ruleSection.ifPresent(section -> {
      for (String name : section.entryNames()) {
        section.subsection(name).ifPresent(rule -> rules.add(AlertRule.parse(name, rule, channels.keySet())));
      }
      section.finish();
    });
    if (rules.isEmpty() && !channels.isEmpty()) {
      reader.problem("rules", "is not set: no alert would be sent", "add rules { on-failure { on = [failure, quality-fail], channels = ["
          + channels.keySet().iterator().next() + "] } }");
    }
    return new AlertsConfig(enabled, reportUrl, channels, rules, attempts, backoff);
  }
}
