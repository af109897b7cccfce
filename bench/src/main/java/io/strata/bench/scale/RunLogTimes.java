package io.strata.bench.scale;

import static java.util.Objects.requireNonNull;

import io.strata.jobs.runlog.RunLog;
import io.strata.jobs.runlog.RunRecord;
import io.strata.jobs.spark.SparkSessionFactory;
import io.strata.layout.config.PipelineConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * A day's stage and target times as Strata's run log ({@code _runs/pipeline_executions}) recorded
 * them, read through the same {@link RunLog} that {@code strata runs} prints.
 *
 * @param stages each stage's wall time (its whole-stage line), in the order the stages ran
 * @param targets each target's time within its stage, keyed {@code "stage target"}, in run order
 * @param span from the first stage's start to the last stage's end: the run without JVM and Spark start
 */
public record RunLogTimes(LocalDate runDate, String runId, Map<String, Duration> stages, Map<String, Duration> targets, Duration span) {
  public RunLogTimes {
    requireNonNull(runDate, "runDate is null");
    requireNonNull(runId, "runId is null");
    stages = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(stages));
    targets = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(targets));
    requireNonNull(span, "span is null");
  }

  public Duration stage(String stage) {
    Duration time = stages.get(stage);
    if (time == null) {
      throw new IllegalStateException("the run log has no successful '" + stage + "' stage for run date " + runDate + " (run " + runId + ")");
    }
    return time;
  }

  /** The latest run of each of {@code runDates}, read from the lake of {@code config}; the session is stopped afterwards. */
  public static List<RunLogTimes> read(PipelineConfig config, List<LocalDate> runDates) {
    SparkSession spark = SparkSessionFactory.create(config);
    try {
      List<RunRecord> records = new RunLog(spark, config.lake().layout()).recent(runDates.size());
      List<RunLogTimes> days = new ArrayList<>();
      for (LocalDate runDate : runDates) {
        days.add(of(runDate, records));
      }
      return days;
    } finally {
      spark.stop();
    }
  }

  static RunLogTimes of(LocalDate runDate, List<RunRecord> records) {
    List<RunRecord> day = records.stream().filter(record -> record.runDate().equals(runDate)).toList();
    String runId = day.stream().max(Comparator.comparing(RunRecord::startedAt)).map(RunRecord::runId)
        .orElseThrow(() -> new IllegalStateException("the run log has no run for run date " + runDate));
    List<RunRecord> run = day.stream().filter(record -> record.runId().equals(runId)).sorted(Comparator.comparing(RunRecord::startedAt))
        .toList();
    Map<String, Duration> stages = new LinkedHashMap<>();
    Map<String, Duration> targets = new LinkedHashMap<>();
    Instant first = null;
    Instant last = null;
    for (RunRecord record : run) {
      if (record.status() != RunRecord.Status.SUCCESS) {
        throw new IllegalStateException("run " + runId + " of " + runDate + ": stage " + record.stage() + " " + record.target() + " is "
            + record.status() + record.error().map(error -> ": " + error).orElse(""));
      }
      Duration time = Duration.ofMillis(record.durationMillis());
      if (record.target().equals(RunRecord.WHOLE_STAGE)) {
        stages.put(record.stage(), time);
        first = first == null || record.startedAt().isBefore(first) ? record.startedAt() : first;
        Instant end = record.endedAt().orElseThrow();
        last = last == null || end.isAfter(last) ? end : last;
      } else {
        targets.put(record.stage() + " " + record.target(), time);
      }
    }
    if (first == null) {
      throw new IllegalStateException("run " + runId + " of " + runDate + " logged no finished stage");
    }
    return new RunLogTimes(runDate, runId, stages, targets, Duration.between(first, last));
  }
}
