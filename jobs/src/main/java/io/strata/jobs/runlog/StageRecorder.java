package io.strata.jobs.runlog;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.jobs.alert.AlertDelivery;
import io.strata.jobs.stage.Stage;
import io.strata.jobs.stage.StageContext;
import io.strata.jobs.stage.StageResult;
import io.strata.jobs.stage.TargetsFailedException;
import io.strata.layout.StrataException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a stage's lines to the run log: RUNNING when it starts, then SUCCESS per target and for
 * the stage, or FAILED with the error. A run log that cannot be written is reported, but never
 * hides the stage's own outcome.
 */
public final class StageRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(StageRecorder.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final RunLog log;
  private final StageContext context;
  private final List<RunLogSink> sinks;
  /** Targets whose SUCCESS line is written already ({@code stage/target}); the stage's end does not write them again. */
  private final Set<String> committed = new java.util.HashSet<>();

  public StageRecorder(RunLog log, StageContext context) {
    this(log, context, List.of());
  }

  /** @param sinks where the lines go too (the warehouse); one that fails is reported and the run goes on */
  public StageRecorder(RunLog log, StageContext context, List<RunLogSink> sinks) {
    this.log = requireNonNull(log, "log is null");
    this.context = requireNonNull(context, "context is null");
    this.sinks = List.copyOf(sinks);
  }

  public void started(Stage stage, Instant start) {
    write(List.of(record(stage, RunRecord.WHOLE_STAGE, RunRecord.Status.RUNNING, 0, 0, 0, start, Optional.empty(), Optional.empty(), "{}")));
  }

  /**
   * A target committed work a re-run will skip: its SUCCESS line is written now, so its counts
   * survive a run that dies before the stage ends.
   */
  public void committed(StageResult result) {
    Instant end = Instant.now();
    write(List.of(record(result.stage(), result.target(), RunRecord.Status.SUCCESS, result.rowsRead(), result.rowsWritten(),
        result.rowsQuarantined(), end.minus(result.duration()), Optional.of(end), Optional.empty(), details(result))));
    committed.add(key(result.stage(), result.target()));
  }

  private static String key(Stage stage, String target) {
    return stage.cliName() + "/" + target;
  }

  public void succeeded(Stage stage, Instant start, List<StageResult> results) {
    Instant end = Instant.now();
    List<RunRecord> records = new ArrayList<>();
    long read = 0;
    long written = 0;
    long quarantined = 0;
    for (StageResult result : results) {
      if (!committed.contains(key(stage, result.target()))) {
        records.add(record(stage, result.target(), RunRecord.Status.SUCCESS, result.rowsRead(), result.rowsWritten(),
            result.rowsQuarantined(), end.minus(result.duration()), Optional.of(end), Optional.empty(), details(result)));
      }
      read += result.rowsRead();
      written += result.rowsWritten();
      quarantined += result.rowsQuarantined();
    }
    records.add(record(stage, RunRecord.WHOLE_STAGE, RunRecord.Status.SUCCESS, read, written, quarantined, start, Optional.of(end),
        Optional.empty(), "{}"));
    write(records);
  }

  /**
   * The stage failed. Targets it names as finished get their SUCCESS lines (a retry then adds
   * its counts to theirs), or FAILED ones with their counts when they also failed (a table whose
   * checks failed); targets that failed without a result get a FAILED line with their reason.
   */
  public void failed(Stage stage, Instant start, RuntimeException error) {
    Instant end = Instant.now();
    // Strata's own messages carry no secrets; others keep only their type and first line.
    String message = error instanceof StrataException ? error.getMessage()
        : error.getClass().getSimpleName() + ": " + String.valueOf(error.getMessage()).lines().findFirst().orElse("");
    Map<String, String> failures = error instanceof TargetsFailedException targets ? targets.failures() : Map.of();
    List<RunRecord> records = new ArrayList<>();
    long read = 0;
    long written = 0;
    long quarantined = 0;
    Set<String> recorded = new java.util.HashSet<>();
    for (StageResult result : TargetsFailedException.finishedBefore(error)) {
      Optional<String> failure = Optional.ofNullable(failures.get(result.target()));
      recorded.add(result.target());
      if (failure.isPresent() || !committed.contains(key(stage, result.target()))) {
        records.add(record(stage, result.target(), failure.isEmpty() ? RunRecord.Status.SUCCESS : RunRecord.Status.FAILED, result.rowsRead(),
            result.rowsWritten(), result.rowsQuarantined(), end.minus(result.duration()), Optional.of(end), failure, details(result)));
      }
      read += result.rowsRead();
      written += result.rowsWritten();
      quarantined += result.rowsQuarantined();
    }
    failures.forEach((target, reason) -> {
      if (!recorded.contains(target)) {
        records.add(record(stage, target, RunRecord.Status.FAILED, 0, 0, 0, start, Optional.of(end), Optional.of(reason), "{}"));
      }
    });
    records.add(record(stage, RunRecord.WHOLE_STAGE, RunRecord.Status.FAILED, read, written, quarantined, start, Optional.of(end),
        Optional.of(message), "{}"));
    write(records);
  }

  /** One line per alert delivery: SUCCESS, or FAILED with the last error, so a channel that was down is on record. */
  public void alerted(List<AlertDelivery> deliveries) {
    append(deliveries.stream().map(delivery -> delivery.runRecord(context.runId(), context.config().name(), context.runDate(),
        context.spark().sparkContext().applicationId())).toList());
  }

  /** Lines about other runs, such as the ABANDONED lines of runs that died; they go wherever this run's lines go. */
  public void append(List<RunRecord> records) {
    if (!records.isEmpty()) {
      write(records);
    }
  }

  private RunRecord record(Stage stage, String target, RunRecord.Status status, long read, long written, long quarantined, Instant start,
      Optional<Instant> end, Optional<String> error, String details) {
    return new RunRecord(context.runId(), context.config().name(), context.runDate(), stage.cliName(), target, status, read, written,
        quarantined, start, end, error, context.spark().sparkContext().applicationId(), details);
  }

  private static String details(StageResult result) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("metrics", result.metrics());
    details.put("events", result.events());
    details.put("duration_ms", result.duration().toMillis());
    return json(details);
  }

  private static String json(Map<String, Object> details) {
    try {
      return JSON.writeValueAsString(details);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return "{}";
    }
  }

  private void write(List<RunRecord> records) {
    Instant loggedAt = Instant.now();
    try {
      log.append(records, loggedAt);
    } catch (RuntimeException e) {
      LOG.warn("cannot write the run log: {}", e.getMessage(), e);
      context.progress().accept("warning: the run log could not be written (" + e.getClass().getSimpleName() + "); see the log file");
    }
    for (RunLogSink sink : sinks) {
      try {
        sink.append(records, loggedAt);
      } catch (RuntimeException e) {
        // Strata's sinks put no secret in their messages; the lake keeps the lines either way.
        LOG.warn("cannot write the run log to {}: {}", sink, e.getMessage());
        context.progress().accept("warning: " + e.getMessage());
      }
    }
  }
}
