package io.strata.jobs.quality;

import static java.util.Objects.requireNonNull;

import io.strata.jobs.stage.StageContext;
import io.strata.layout.Layer;
import io.strata.layout.config.CheckRule;
import io.strata.layout.config.QualityCheck;
import io.strata.layout.config.QualityTable;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The checks that judge a table as a whole: row count against a minimum and the previous run,
 * freshness of the latest value, reconciliation of the run log's counts (of an aggregate's totals
 * with its fact's), and SQL queries that
 * must return nothing.
 */
final class TableLevelChecks {
  private final StageContext context;
  private final Map<String, QualityResults.PreviousCount> previousCounts;
  private final Supplier<RunLogCounts> runLog;
  private final Runnable views;

  /**
   * @param runLog the run log's counts of the run date, read when a reconciliation first needs them
   * @param views registers the tables as views, run before the first query
   */
  TableLevelChecks(StageContext context, Map<String, QualityResults.PreviousCount> previousCounts, Supplier<RunLogCounts> runLog,
      Runnable views) {
    this.context = requireNonNull(context, "context is null");
    this.previousCounts = Map.copyOf(requireNonNull(previousCounts, "previousCounts is null"));
    this.runLog = requireNonNull(runLog, "runLog is null");
    this.views = requireNonNull(views, "views is null");
  }

  CheckResult rowCount(String table, QualityCheck check, CheckRule.RowCount rule, long rows) {
    List<String> problems = new ArrayList<>();
    StringBuilder message = new StringBuilder(String.format(Locale.ROOT, "%d rows (min %d)", rows, rule.min()));
    if (rows < rule.min()) {
      problems.add("fewer than " + rule.min());
    }
    if (rule.maxChangePercent().isPresent()) {
      QualityResults.PreviousCount previous = previousCounts.get(table);
      if (previous == null) {
        message.append("; no earlier run to compare with");
      } else {
        double change = previous.rows() == 0 ? (rows == 0 ? 0 : Double.POSITIVE_INFINITY) : (rows - previous.rows()) * 100.0 / previous.rows();
        message.append(String.format(Locale.ROOT, "; %d on %s, change %+.1f%% (max %s%%)", previous.rows(), previous.runDate(), change,
            TableChecker.trim(rule.maxChangePercent().get())));
        if (Math.abs(change) > rule.maxChangePercent().get()) {
          problems.add("changed more than allowed");
        }
      }
    }
    if (!problems.isEmpty()) {
      message.append(": ").append(String.join(", ", problems));
    }
    return CheckResult.judged(table, check, problems.isEmpty(), OptionalLong.empty(), OptionalLong.of(rows), Optional.empty(),
        message.toString());
  }

  CheckResult freshness(String table, QualityCheck check, CheckRule.Freshness rule, Object latest, long rows) {
    String column = check.columns().get(0);
    Instant reference = rule.relativeToRunDate() ? context.runDate().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.now();
    String since = rule.relativeToRunDate() ? "the end of run date " + context.runDate() : "now";
    if (latest == null) {
      return CheckResult.judged(table, check, false, OptionalLong.empty(), OptionalLong.of(rows), Optional.empty(),
          "no " + column + " value to judge (" + rows + " rows)");
    }
    Instant at;
    if (latest instanceof Timestamp timestamp) {
      at = timestamp.toInstant();
    } else if (latest instanceof Date date) {
      at = date.toLocalDate().atStartOfDay(ZoneOffset.UTC).toInstant();
    } else if (latest instanceof LocalDateTime local) {
      at = local.toInstant(ZoneOffset.UTC);
    } else if (latest instanceof Instant instant) {
      at = instant;
    } else {
      return CheckResult.error(table, check, column + " is not a date or timestamp column");
    }
    double hours = Duration.between(at, reference).toSeconds() / 3600.0;
    boolean passed = hours <= rule.maxAgeHours();
    return CheckResult.judged(table, check, passed, OptionalLong.empty(), OptionalLong.of(rows), Optional.empty(),
        String.format(Locale.ROOT, "latest %s %s is %.1f h before %s (max %d h)", column, at, hours, since, rule.maxAgeHours()));
  }

  /**
   * A processed entity: process read = written + duplicates + quarantined, and its source's ingest
   * wrote what process read. A fact: the model wrote a fact row per source row. Every successful
   * attempt of the run date counts (a retry reads only what earlier attempts left); when ingest
   * itself ran again, its latest attempt replaced the batch, so only the process attempts after
   * it count.
   */
  CheckResult reconciliation(String table, QualityTable config, QualityCheck check) {
    io.strata.layout.config.AggregateConfig aggregate = context.config().model().aggregates().get(config.name());
    if (config.layer() == Layer.CURATED && aggregate != null) {
      return AggregateTotals.check(context, table, aggregate, check);
    }
    RunLogCounts counts = runLog.get();
    if (config.layer() == Layer.CURATED) {
      Optional<RunLogCounts.Counts> model = counts.find("model", config.name());
      if (model.isEmpty()) {
        return noRecord(table, check, "model", config.name());
      }
      long difference = Math.abs(model.get().read() - model.get().written());
      return CheckResult.judged(table, check, difference == 0, OptionalLong.of(difference), OptionalLong.of(model.get().read()),
          Optional.empty(), String.format(Locale.ROOT, "model read %d source rows%s, wrote %d fact rows", model.get().read(),
              attempts(model.get().attempts()), model.get().written()));
    }
    List<RunLogCounts.Attempt> processAttempts = counts.attempts("process", config.name());
    if (processAttempts.isEmpty()) {
      return noRecord(table, check, "process", config.name());
    }
    String source = context.config().entities().get(config.name()).source();
    Optional<RunLogCounts.Attempt> ingest = counts.latest("ingest", source);
    List<RunLogCounts.Attempt> counted = ingest.map(latest -> processAttempts.stream()
        .filter(attempt -> !attempt.loggedAt().isBefore(latest.loggedAt())).toList()).orElse(processAttempts);
    int superseded = processAttempts.size() - counted.size();
    if (counted.isEmpty()) {
      return CheckResult.judged(table, check, false, OptionalLong.of(ingest.get().written()), OptionalLong.of(0), Optional.empty(),
          String.format(Locale.ROOT, "ingest of %s ran again (run id %s) after every process of %s, and replaced the batch they read: "
              + "its %d raw rows are not processed (mismatch); run the process stage for this date again", source, ingest.get().runId(),
              config.name(), ingest.get().written()));
    }
    RunLogCounts.Counts processed = RunLogCounts.Counts.of(counted);
    long duplicates = processed.metrics().getOrDefault("duplicates", 0L);
    long difference = Math.abs(processed.read() - processed.written() - duplicates - processed.quarantined());
    StringBuilder message = new StringBuilder(String.format(Locale.ROOT,
        "process read %d%s = written %d + duplicates %d + quarantined %d", processed.read(), attempts(processed.attempts()),
        processed.written(), duplicates, processed.quarantined()));
    if (difference != 0) {
      message.append(" does not hold");
    }
    if (ingest.isPresent()) {
      long raw = Math.abs(ingest.get().written() - processed.read());
      difference += raw;
      message.append(String.format(Locale.ROOT, "; ingest of %s wrote %d raw rows, process read %d%s", source, ingest.get().written(),
          processed.read(), raw == 0 ? "" : " (mismatch)"));
      if (superseded > 0) {
        message.append(String.format(Locale.ROOT, "; %d earlier process attempt%s not counted: ingest ran again after %s (run id %s)"
            + " and replaced the batch %s read", superseded, superseded == 1 ? " is" : "s are", superseded == 1 ? "it" : "them",
            ingest.get().runId(), superseded == 1 ? "it" : "they"));
      }
    } else {
      message.append("; no ingest of ").append(source).append(" on this run date to compare with");
    }
    return CheckResult.judged(table, check, difference == 0, OptionalLong.of(difference), OptionalLong.of(processed.read()), Optional.empty(),
        message.toString());
  }

  /** {@code " in 2 attempts"} when a retry added to the first attempt's counts; nothing for one. */
  private static String attempts(int attempts) {
    return attempts == 1 ? "" : " in " + attempts + " attempts";
  }

  private CheckResult noRecord(String table, QualityCheck check, String stage, String target) {
    return CheckResult.error(table, check, "the run log has no successful " + stage + " of " + target + " for run date " + context.runDate()
        + "; run the " + stage + " stage for this date first");
  }

  CheckResult query(String table, QualityCheck check, String query, long rows, int sampleRows) {
    views.run();
    Dataset<Row> returned = context.spark().sql(query);
    long failing = returned.count();
    Optional<String> sample = failing == 0 || sampleRows == 0 ? Optional.empty()
        : Optional.of("[" + String.join(",", returned.toJSON().limit(sampleRows).collectAsList()) + "]");
    return CheckResult.judged(table, check, failing == 0, OptionalLong.of(failing), OptionalLong.of(rows), sample,
        "the query returned " + failing + " row" + (failing == 1 ? "" : "s"));
  }
}
