package io.strata.jobs.alert;

import static java.util.Objects.requireNonNull;

import io.strata.jobs.failure.QuotedValues;
import io.strata.jobs.stage.ResultTable;
import io.strata.jobs.stage.Stage;
import io.strata.jobs.stage.StageFailure;
import io.strata.jobs.stage.StageResult;
import io.strata.layout.config.AlertEvent;
import io.strata.layout.config.AlertRule;
import io.strata.layout.config.AlertsConfig;
import io.strata.layout.config.LockConfig;
import io.strata.layout.config.PipelineConfig;
import io.strata.jobs.quality.QualityGateFailedException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The alerts of one pipeline run: it is told when the run and its stages start and end, sends
 * what the rules ask for, and keeps the deliveries for the run log. Long-running limits are
 * timers, so the alert goes out while the stage is still running. Nothing here fails the run.
 */
public final class RunAlerts implements AutoCloseable {
  private final AlertsConfig config;
  private final AlertDispatcher dispatcher;
  private final String pipeline;
  private final String runId;
  private final LocalDate runDate;
  private final Consumer<String> console;
  private final ConcurrentLinkedQueue<AlertDelivery> deliveries = new ConcurrentLinkedQueue<>();
  private final ScheduledExecutorService timers;
  private final List<ScheduledFuture<?>> stageTimers = new ArrayList<>();
  private final List<ScheduledFuture<?>> runTimers = new ArrayList<>();

  RunAlerts(AlertsConfig config, AlertDispatcher dispatcher, String pipeline, String runId, LocalDate runDate, Consumer<String> console) {
    this.config = requireNonNull(config, "config is null");
    this.dispatcher = requireNonNull(dispatcher, "dispatcher is null");
    this.pipeline = requireNonNull(pipeline, "pipeline is null");
    this.runId = requireNonNull(runId, "runId is null");
    this.runDate = requireNonNull(runDate, "runDate is null");
    this.console = requireNonNull(console, "console is null");
    boolean timed = config.rules().stream().anyMatch(rule -> rule.on().contains(AlertEvent.LONG_RUNNING));
    this.timers = config.isActive() && timed ? Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "strata-alert-timer");
      thread.setDaemon(true);
      return thread;
    }) : null;
  }

  /** The alerts of a run of {@code config}; one that sends nothing when the config has no active rules. */
  public static RunAlerts start(PipelineConfig config, String runId, LocalDate runDate, Instant start, Consumer<String> console) {
    AlertsConfig alerts = config.alerts().isActive() ? config.alerts() : AlertsConfig.none();
    RunAlerts run = new RunAlerts(alerts, new AlertDispatcher(alerts), config.name(), runId, runDate, console);
    run.scheduleRunLimits(start);
    return run;
  }

  private void scheduleRunLimits(Instant start) {
    for (AlertRule rule : longRunning()) {
      rule.runLimit().ifPresent(limit -> runTimers.add(schedule(start, limit, () ->
          send(alert(AlertEvent.LONG_RUNNING, Optional.empty(), "the run is still running after " + LockConfig.hocon(limit), List.of(
              "limit: run = " + LockConfig.hocon(limit) + " (rule " + rule.name() + ")")), Set.copyOf(rule.channels())))));
    }
  }

  public void stageStarted(Stage stage, Instant start) {
    for (AlertRule rule : longRunning()) {
      Duration limit = rule.stageLimits().get(stage.cliName());
      if (limit != null) {
        stageTimers.add(schedule(start, limit, () -> send(alert(AlertEvent.LONG_RUNNING, Optional.of(stage.cliName()),
            "stage " + stage.cliName() + " is still running after " + LockConfig.hocon(limit),
            List.of("limit: " + stage.cliName() + " = " + LockConfig.hocon(limit) + " (rule " + rule.name() + ")")), Set.copyOf(rule.channels()))));
      }
    }
  }

  /** The stage's work is over (it may still be recording): its long-running timers stop now. */
  public void stageEnded() {
    cancelStageTimers();
  }

  /** Cancels the stage's timers; a quality stage whose warn checks did not pass sends quality-warn. */
  public void stageSucceeded(Stage stage, List<StageResult> results) {
    cancelStageTimers();
    if (stage == Stage.QUALITY) {
      warnings(results).ifPresent(this::send);
    }
  }

  public void stageFailed(Stage stage, Duration elapsed, RuntimeException error) {
    cancelStageTimers();
    if (error instanceof QualityGateFailedException gate) {
      warnings(gate.finished()).ifPresent(this::send);
    }
    AlertEvent event = error instanceof QualityGateFailedException ? AlertEvent.QUALITY_FAIL : AlertEvent.FAILURE;
    // Quality reasons are Strata's own counts; any other reason may quote a row's value (Spark's cast errors do).
    boolean ownWords = error instanceof QualityGateFailedException;
    List<String> details = StageFailure.of(stage, elapsed, error).stream()
        .map(failure -> (failure.target().equals("*") ? "" : failure.target() + ": ") + (ownWords ? failure.reason() : QuotedValues.leftOut(failure.reason())))
        .toList();
    String headline = event == AlertEvent.QUALITY_FAIL ? "quality gate failed: checks of severity fail did not pass"
        : "stage " + stage.cliName() + " failed after " + ResultTable.format(elapsed);
    send(alert(event, Optional.of(stage.cliName()), headline, details));
  }

  public void runSucceeded(Duration duration, List<StageResult> results) {
    cancelRunTimers();
    long written = results.stream().mapToLong(StageResult::rowsWritten).sum();
    long quarantined = results.stream().mapToLong(StageResult::rowsQuarantined).sum();
    List<String> stages = results.stream().map(result -> result.stage().cliName()).distinct().toList();
    send(alert(AlertEvent.SUCCESS, Optional.empty(), "run succeeded in " + ResultTable.format(duration),
        List.of("stages: " + String.join(", ", stages), "rows written: " + written + ", quarantined: " + quarantined)));
  }

  /** The deliveries since the last call, for the run log. */
  public List<AlertDelivery> drain() {
    List<AlertDelivery> drained = new ArrayList<>();
    for (AlertDelivery delivery = deliveries.poll(); delivery != null; delivery = deliveries.poll()) {
      drained.add(delivery);
    }
    return drained;
  }

  @Override
  public void close() {
    if (timers != null) {
      timers.shutdownNow();
    }
  }

  private Optional<Alert> warnings(List<StageResult> results) {
    List<String> warned = new ArrayList<>();
    for (StageResult result : results) {
      result.events().stream().filter(event -> event.contains(" WARN: ")).forEach(event -> warned.add(result.target() + ": " + event));
    }
    if (warned.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(alert(AlertEvent.QUALITY_WARN, Optional.of(Stage.QUALITY.cliName()),
        warned.size() + (warned.size() == 1 ? " check" : " checks") + " of severity warn did not pass", warned));
  }

  private Alert alert(AlertEvent event, Optional<String> stage, String headline, List<String> details) {
    Optional<String> link = config.reportUrl().map(url -> url.replace("{run_id}", runId).replace("{pipeline}", pipeline)
        .replace("{run_date}", runDate.toString()));
    return new Alert(event, pipeline, runId, runDate, stage, headline, details, link);
  }

  private void send(Alert alert) {
    send(alert, dispatcher.channelsFor(alert));
  }

  private void send(Alert alert, Set<String> channels) {
    if (channels.isEmpty()) {
      return;
    }
    List<AlertDelivery> sent;
    try {
      sent = dispatcher.dispatch(alert, channels);
    } catch (RuntimeException | LinkageError e) {
      // A channel's library missing on a cluster, or a bug here: reported, never the run's failure.
      console.accept("warning: alert " + alert.event().configName() + " could not be sent (" + e.getClass().getSimpleName() + "); the run goes on");
      return;
    }
    for (AlertDelivery delivery : sent) {
      deliveries.add(delivery);
      console.accept(delivery.delivered()
          ? "alert " + alert.event().configName() + " sent to " + delivery.channel()
          : "warning: alert " + alert.event().configName() + " to " + delivery.channel() + " failed after " + delivery.attempts()
              + (delivery.attempts() == 1 ? " attempt: " : " attempts: ") + delivery.error().orElse("") + " (the run goes on)");
    }
  }

  private List<AlertRule> longRunning() {
    return timers == null ? List.of() : config.rules().stream().filter(rule -> rule.on().contains(AlertEvent.LONG_RUNNING)).toList();
  }

  private ScheduledFuture<?> schedule(Instant start, Duration limit, Runnable task) {
    long delay = Math.max(0, Duration.between(Instant.now(), start.plus(limit)).toMillis());
    return timers.schedule(task, delay, TimeUnit.MILLISECONDS);
  }

  private void cancelStageTimers() {
    stageTimers.forEach(timer -> timer.cancel(false));
    stageTimers.clear();
  }

  private void cancelRunTimers() {
    runTimers.forEach(timer -> timer.cancel(false));
    runTimers.clear();
    cancelStageTimers();
  }
}
