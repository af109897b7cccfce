package io.strata.jobs.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.jobs.runlog.RunLog;
import io.strata.jobs.runlog.RunRecord;
import io.strata.jobs.stage.Stage;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The run log's view of a stream: one {@code ingest} line per source every {@code --log-every}
 * (and when the stream stops), with the rows of the micro-batches in that interval, under the
 * stream's run id and the interval's number ({@code stream-...-log0001}): the run log keeps the
 * latest line of a run, stage and target, so each interval is a run of its own and the counts of a
 * run date add up. Not a line per micro-batch: a stream triggering every 30 s would add 2,880 a day.
 */
final class StreamRunLog {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final RunLog runLog;
  private final String pipeline;
  private final String runId;
  private final String applicationId;
  private final java.util.concurrent.atomic.AtomicInteger intervals = new java.util.concurrent.atomic.AtomicInteger();

  StreamRunLog(RunLog runLog, String pipeline, String runId, String applicationId) {
    this.runLog = runLog;
    this.pipeline = pipeline;
    this.runId = runId;
    this.applicationId = applicationId;
  }

  /** Appends the interval's line, if anything was read in it; a failure here never stops the stream. */
  void record(String source, StreamCounts.Snapshot counts, Optional<String> error) {
    if (counts.microBatches() == 0 && error.isEmpty()) {
      return;
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("metrics", Map.of("micro_batches", counts.microBatches()));
    details.put("events", List.of("stream: " + counts.microBatches() + " micro-batches from " + counts.from() + " to " + counts.to()));
    details.put("duration_ms", counts.to().toEpochMilli() - counts.from().toEpochMilli());
    String text;
    try {
      text = JSON.writeValueAsString(details);
    } catch (JsonProcessingException e) {
      text = "{}";
    }
    String intervalRunId = String.format("%s-log%04d", runId, intervals.incrementAndGet());
    runLog.append(List.of(new RunRecord(intervalRunId, pipeline, LocalDate.ofInstant(counts.to(), ZoneOffset.UTC), Stage.INGEST.cliName(), source,
        error.isPresent() ? RunRecord.Status.FAILED : RunRecord.Status.SUCCESS, counts.read(), counts.written(), counts.quarantined(),
        counts.from(), Optional.of(counts.to()), error, applicationId, text)), Instant.now());
  }
}
