package io.strata.layout.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One rule of the {@code alerts} section: which events it listens for and which channels it
 * tells.
 *
 * @param runLimit for {@code long-running}: how long the whole run may take
 * @param stageLimits for {@code long-running}: how long each named stage may take
 */
public record AlertRule(String name, Set<AlertEvent> on, Optional<Duration> runLimit, Map<String, Duration> stageLimits,
    List<String> channels) {
  static final String RUN = "run";
  private static final List<String> STAGES = List.of("ingest", "process", "model", "quality", "export", "maintain");

  public AlertRule {
    requireNonNull(name, "name is null");
    on = Set.copyOf(requireNonNull(on, "on is null"));
    requireNonNull(runLimit, "runLimit is null");
    stageLimits = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(stageLimits, "stageLimits is null")));
    channels = List.copyOf(requireNonNull(channels, "channels is null"));
  }

  /** Whether this rule tells its channels about {@code event}; a failed quality gate is also a failure. */
  public boolean listensTo(AlertEvent event) {
    return on.contains(event) || (event == AlertEvent.QUALITY_FAIL && on.contains(AlertEvent.FAILURE));
  }

  static AlertRule parse(String name, SectionReader reader, Set<String> channelNames) {
    Set<AlertEvent> on = EnumSet.noneOf(AlertEvent.class);
    List<String> events = reader.stringList("on");
    if (events.isEmpty()) {
      reader.problem("on", "is not set: the rule would never fire", "write on = [failure, quality-fail]; events: "
          + String.join(", ", AlertEvent.configNames()));
    }
    for (String event : events) {
      AlertEvent.fromConfigName(event).ifPresentOrElse(on::add, () -> reader.problem("on", "names '" + event + "', which is not an event",
          SectionReader.suggestion(event, AlertEvent.configNames()).map(s -> "did you mean '" + s + "'?")
              .orElse("use some of " + String.join(", ", AlertEvent.configNames()))));
    }
    Optional<Duration> runLimit = Optional.empty();
    Map<String, Duration> stageLimits = new LinkedHashMap<>();
    Optional<SectionReader> limits = reader.subsection("long-running");
    if (limits.isPresent()) {
      SectionReader section = limits.get();
      for (String key : section.entryNames()) {
        if (key.equals(RUN)) {
          runLimit = Optional.of(section.duration(RUN, Duration.ofHours(1), Duration.ofSeconds(1)));
        } else if (STAGES.contains(key)) {
          stageLimits.put(key, section.duration(key, Duration.ofHours(1), Duration.ofSeconds(1)));
        } else {
          section.has(key); // reported here, with the keys it may have meant, not again as unknown
          section.problem(key, "is neither 'run' nor a stage", SectionReader.suggestion(key, allLimitKeys()).map(s -> "did you mean '" + s + "'?")
              .orElse("use run or one of " + String.join(", ", STAGES)));
        }
      }
      section.finish();
    }
    boolean limited = runLimit.isPresent() || !stageLimits.isEmpty();
    if (on.contains(AlertEvent.LONG_RUNNING) && !limited) {
      reader.problem("on", "lists long-running, but the rule sets no limit", "add long-running { run = 2h, model = 30m } to rules." + name);
    } else if (limited && !on.contains(AlertEvent.LONG_RUNNING)) {
      reader.problem("long-running", "sets limits, but on does not list long-running", "add long-running to rules." + name + ".on");
    }
    List<String> channels = reader.stringList("channels");
    if (channels.isEmpty()) {
      reader.problem("channels", "is not set: the rule would tell no one", "write channels = [" + String.join(", ", channelNames) + "]");
    }
    for (String channel : channels) {
      if (!channelNames.contains(channel)) {
        reader.problem("channels", "names '" + channel + "', which is not a channel of alerts.channels",
            SectionReader.suggestion(channel, channelNames).map(s -> "did you mean '" + s + "'?")
                .orElse("declare it under alerts.channels, or use one of: " + String.join(", ", channelNames)));
      }
    }
    reader.finish();
    return new AlertRule(name, on, runLimit, stageLimits, channels);
  }

  private static List<String> allLimitKeys() {
    List<String> keys = new ArrayList<>(STAGES);
    keys.add(RUN);
    return keys;
  }
}
