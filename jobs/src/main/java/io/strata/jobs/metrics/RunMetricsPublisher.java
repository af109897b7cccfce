package io.strata.jobs.metrics;

import static java.util.Objects.requireNonNull;

import io.strata.jobs.export.WarehouseMetricsSink;
import io.strata.layout.config.PipelineConfig;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a run's metrics when it ends: to the lake always, to the warehouse when there is one,
 * to the Pushgateway when one is configured. Each place that fails is reported on the console
 * and in the log file; none fails the run.
 */
public final class RunMetricsPublisher {
  private static final Logger LOG = LoggerFactory.getLogger(RunMetricsPublisher.class);

  private final PipelineConfig config;
  private final SparkSession spark;
  private final Consumer<String> console;

  public RunMetricsPublisher(PipelineConfig config, SparkSession spark, Consumer<String> console) {
    this.config = requireNonNull(config, "config is null");
    this.spark = requireNonNull(spark, "spark is null");
    this.console = requireNonNull(console, "console is null");
  }

  public void publish(RunMetrics run) {
    Instant start = Instant.now();
    List<Row> rows = MetricsTable.rows(run, start);
    attempt("the lake's _runs/" + MetricsTable.TABLE, () -> new MetricsTable(spark, config.lake().layout()).append(rows));
    WarehouseMetricsSink.of(config.warehouse()).ifPresent(sink -> attempt("the warehouse's " + MetricsTable.WAREHOUSE_TABLE, () -> sink.insert(rows)));
    config.metrics().pushgateway().ifPresent(gateway -> attempt("the Pushgateway " + gateway.url().getScheme() + "://" + gateway.url().getAuthority(), () -> {
      try {
        new PrometheusExposition(config.name(), run.samples()).push(gateway, config.name());
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      console.accept("metrics pushed to " + gateway.url().getScheme() + "://" + gateway.url().getAuthority() + " (job " + gateway.job() + ")");
    }));
    LOG.info("run {}: {} metric lines published in {} ms", run.runId(), rows.size(), java.time.Duration.between(start, Instant.now()).toMillis());
  }

  private void attempt(String where, Runnable write) {
    try {
      write.run();
    } catch (Exception | LinkageError e) { // Spark's AnalysisException is checked but thrown undeclared
      LOG.warn("cannot write the run's metrics to {}: {}", where, e.toString(), e);
      String reason = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
      console.accept("warning: the run's metrics could not be written to " + where + " (" + e.getClass().getSimpleName()
          + (reason.isEmpty() || reason.equals("null") ? "" : ": " + reason) + "); the run goes on");
    }
  }
}
