package io.strata.jobs.lineage;

import static java.util.Objects.requireNonNull;

import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClient;
import io.openlineage.client.transports.ApiKeyTokenProvider;
import io.openlineage.client.transports.FileConfig;
import io.openlineage.client.transports.FileTransport;
import io.openlineage.client.transports.HttpConfig;
import io.openlineage.client.transports.HttpTransport;
import io.openlineage.client.transports.Transport;
import io.strata.jobs.stage.Stage;
import io.strata.layout.config.LineageConfig;
import io.strata.layout.config.PipelineConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenLineage events of one run: START when a stage starts, COMPLETE or FAIL when it ends,
 * each with the stage's datasets and column lineage, sent through the OpenLineage Java client.
 * A receiver that is down is reported once and never fails the run.
 */
public final class RunLineage implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunLineage.class);

  private final Optional<OpenLineageClient> client;
  private final OpenLineageEvents events;
  private final Map<Stage, LineageJob> jobs;
  private final String runId;
  private final Consumer<String> console;
  private boolean warned;

  private RunLineage(Optional<OpenLineageClient> client, OpenLineageEvents events, Map<Stage, LineageJob> jobs, String runId, Consumer<String> console) {
    this.client = client;
    this.events = events;
    this.jobs = jobs;
    this.runId = runId;
    this.console = console;
  }

  public static RunLineage start(PipelineConfig config, String runId, Consumer<String> console) {
    requireNonNull(config, "config is null");
    LineageConfig lineage = config.lineage();
    if (!lineage.isActive()) {
      return new RunLineage(Optional.empty(), null, Map.of(), runId, console);
    }
    try {
      Map<Stage, LineageJob> jobs = LineageGraph.of(config).stream().collect(Collectors.toMap(LineageJob::stage, job -> job));
      return new RunLineage(Optional.of(new OpenLineageClient(transport(lineage))), new OpenLineageEvents(lineage.namespace(), config.name()),
          jobs, runId, console);
    } catch (RuntimeException | LinkageError e) {
      // An API key that is not set, a client missing on a cluster: no lineage this run, and the run goes on.
      LOG.warn("cannot start sending lineage events: {}", e.toString(), e);
      console.accept("warning: lineage events are off for this run (" + e.getClass().getSimpleName() + ": "
          + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + "); the run goes on");
      return new RunLineage(Optional.empty(), null, Map.of(), runId, console);
    }
  }

  private static Transport transport(LineageConfig lineage) {
    if (lineage.url().isPresent()) {
      HttpConfig http = new HttpConfig();
      http.setUrl(lineage.url().get());
      http.setEndpoint(lineage.endpoint());
      http.setTimeoutInMillis((int) lineage.timeout().toMillis());
      lineage.apiKey().ifPresent(key -> {
        ApiKeyTokenProvider token = new ApiKeyTokenProvider();
        token.setApiKey(key.reveal());
        http.setAuth(token);
      });
      return new HttpTransport(http);
    }
    return new FileTransport(new FileConfig(lineage.file().orElseThrow().toString()));
  }

  public void stageStarted(Stage stage) {
    emit(stage, OpenLineage.RunEvent.EventType.START, Optional.empty());
  }

  public void stageSucceeded(Stage stage) {
    emit(stage, OpenLineage.RunEvent.EventType.COMPLETE, Optional.empty());
  }

  public void stageFailed(Stage stage, Throwable error) {
    emit(stage, OpenLineage.RunEvent.EventType.FAIL, Optional.of(error));
  }

  private void emit(Stage stage, OpenLineage.RunEvent.EventType type, Optional<Throwable> error) {
    if (client.isEmpty()) {
      return;
    }
    LineageJob job = jobs.getOrDefault(stage, new LineageJob(stage, List.of(), List.of()));
    try {
      client.get().emit(events.event(type, job, runId, error));
    } catch (RuntimeException | LinkageError e) {
      LOG.warn("cannot send the OpenLineage {} event of {}: {}", type, stage.cliName(), e.toString(), e);
      if (!warned) {
        warned = true;
        console.accept("warning: lineage events are not reaching their receiver (" + e.getClass().getSimpleName() + "); the run goes on");
      }
    }
  }

  @Override
  public void close() {
    client.ifPresent(open -> {
      try {
        open.close();
      } catch (Exception e) {
        LOG.debug("closing the OpenLineage client: {}", e.toString());
      }
    });
  }
}
