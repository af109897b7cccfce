package io.strata.jobs.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.spark.sql.streaming.SourceProgress;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/**
 * Follows Strata's streaming queries: prints each micro-batch's lag per partition (how many
 * messages the brokers hold beyond what was read) and remembers when each query last read
 * something, for {@code --until-idle}.
 */
final class StreamProgress extends StreamingQueryListener {
  static final String QUERY_PREFIX = "strata-stream-";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Consumer<String> progress;
  private final Clock clock;
  private final Map<String, Instant> lastData = new ConcurrentHashMap<>();
  private final Map<String, Map<String, Long>> offsets = new ConcurrentHashMap<>();

  StreamProgress(Consumer<String> progress, Clock clock) {
    this.progress = progress;
    this.clock = clock;
  }

  /** The source a query reads, from the name Strata gives its queries. */
  static String queryName(String source) {
    return QUERY_PREFIX + source;
  }

  @Override
  public void onQueryStarted(QueryStartedEvent event) {
    if (event.name() != null && event.name().startsWith(QUERY_PREFIX)) {
      lastData.putIfAbsent(event.name().substring(QUERY_PREFIX.length()), clock.instant());
    }
  }

  @Override
  public void onQueryProgress(QueryProgressEvent event) {
    StreamingQueryProgress report = event.progress();
    if (report.name() == null || !report.name().startsWith(QUERY_PREFIX) || report.sources().length == 0) {
      return;
    }
    String source = report.name().substring(QUERY_PREFIX.length());
    SourceProgress kafka = report.sources()[0];
    Map<String, Long> end = parse(kafka.endOffset());
    offsets.put(source, end);
    if (report.numInputRows() > 0) {
      lastData.put(source, clock.instant());
      Map<String, Long> latest = parse(kafka.latestOffset());
      StringBuilder lag = new StringBuilder();
      latest.forEach((partition, offset) -> lag.append(lag.length() == 0 ? "" : ", ").append(partition).append('=')
          .append(Math.max(0, offset - end.getOrDefault(partition, offset))));
      progress.accept(String.format("stream %s: micro-batch %d took %,d ms; lag per partition: %s", source, report.batchId(),
          report.batchDuration(), lag.length() == 0 ? "(unknown)" : lag));
    }
  }

  @Override
  public void onQueryIdle(QueryIdleEvent event) {
    // Idle triggers carry no rows; lastData stays where it was.
  }

  @Override
  public void onQueryTerminated(QueryTerminatedEvent event) {
    // The runner reports how a query ended.
  }

  /** When the source's stream last read a message (or started). */
  Instant lastData(String source) {
    return lastData.getOrDefault(source, clock.instant());
  }

  /** The next offset per partition ({@code topic:partition}) after the last micro-batch. */
  Map<String, Long> offsets(String source) {
    return offsets.getOrDefault(source, Map.of());
  }

  /** {@code {"t":{"0":5}}} as {@code {"t:0": 5}}; Spark reports offsets as such JSON text. */
  static Map<String, Long> parse(String json) {
    Map<String, Long> offsets = new TreeMap<>();
    if (json == null || json.isBlank()) {
      return offsets;
    }
    try {
      JsonNode topics = JSON.readTree(json);
      for (Iterator<Map.Entry<String, JsonNode>> t = topics.fields(); t.hasNext();) {
        Map.Entry<String, JsonNode> topic = t.next();
        for (Iterator<Map.Entry<String, JsonNode>> p = topic.getValue().fields(); p.hasNext();) {
          Map.Entry<String, JsonNode> partition = p.next();
          offsets.put(topic.getKey() + ":" + partition.getKey(), partition.getValue().asLong());
        }
      }
    } catch (IOException e) {
      return offsets;
    }
    return offsets;
  }
}
