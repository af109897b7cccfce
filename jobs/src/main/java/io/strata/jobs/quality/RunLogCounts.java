package io.strata.jobs.quality;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.jobs.runlog.RunLog;
import io.strata.jobs.runlog.RunRecord;
import io.strata.layout.LakeLayout;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * The row counts stages recorded in the run log for one run date: per stage and target, every
 * successful attempt, whichever run (a `strata run`, one Airflow task per stage, a retry) wrote it.
 * A retry of a stage reads only what its earlier attempts left, so the counts of a run date are
 * the sum of its attempts.
 */
final class RunLogCounts {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One successful attempt of a stage on one target; {@code metrics} from the line's details (e.g. {@code duplicates}). */
  record Attempt(String runId, Instant loggedAt, long read, long written, long quarantined, Map<String, Long> metrics) {}

  /** The sum of some attempts of a stage on one target. */
  record Counts(int attempts, long read, long written, long quarantined, Map<String, Long> metrics) {
    static Counts of(List<Attempt> attempts) {
      Map<String, Long> metrics = new HashMap<>();
      attempts.forEach(attempt -> attempt.metrics().forEach((name, value) -> metrics.merge(name, value, Long::sum)));
      return new Counts(attempts.size(), attempts.stream().mapToLong(Attempt::read).sum(), attempts.stream().mapToLong(Attempt::written).sum(),
          attempts.stream().mapToLong(Attempt::quarantined).sum(), Map.copyOf(metrics));
    }
  }

  private final Map<String, List<Attempt>> byStageAndTarget;

  private RunLogCounts(Map<String, List<Attempt>> byStageAndTarget) {
    this.byStageAndTarget = Map.copyOf(byStageAndTarget);
  }

  static RunLogCounts read(SparkSession spark, LakeLayout layout, String pipeline, LocalDate runDate) {
    requireNonNull(spark, "spark is null");
    Map<String, List<Attempt>> attempts = new HashMap<>();
    for (RunLog.Logged line : new RunLog(spark, layout).targetSuccesses(pipeline, runDate)) {
      RunRecord row = line.record();
      attempts.computeIfAbsent(row.stage() + "/" + row.target(), key -> new ArrayList<>())
          .add(new Attempt(row.runId(), line.loggedAt(), row.rowsRead(), row.rowsWritten(), row.rowsQuarantined(), metrics(row.details())));
    }
    attempts.values().forEach(list -> list.sort(Comparator.comparing(Attempt::loggedAt)));
    return new RunLogCounts(attempts);
  }

  /** The successful attempts of {@code stage} on {@code target}, oldest first. */
  List<Attempt> attempts(String stage, String target) {
    return byStageAndTarget.getOrDefault(stage + "/" + target, List.of());
  }

  /** The sum of every successful attempt, or empty when there was none. */
  Optional<Counts> find(String stage, String target) {
    List<Attempt> attempts = attempts(stage, target);
    return attempts.isEmpty() ? Optional.empty() : Optional.of(Counts.of(attempts));
  }

  Optional<Attempt> latest(String stage, String target) {
    List<Attempt> attempts = attempts(stage, target);
    return attempts.isEmpty() ? Optional.empty() : Optional.of(attempts.get(attempts.size() - 1));
  }

  private static Map<String, Long> metrics(String details) {
    Map<String, Long> metrics = new HashMap<>();
    try {
      JsonNode node = JSON.readTree(details).path("metrics");
      node.fieldNames().forEachRemaining(name -> metrics.put(name, node.get(name).asLong()));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      // a line without readable details has no metrics
    }
    return metrics;
  }
}
