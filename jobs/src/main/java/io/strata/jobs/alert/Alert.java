package io.strata.jobs.alert;

import static java.util.Objects.requireNonNull;

import io.strata.layout.config.AlertEvent;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * What one alert says: the event, the run it is about, the stage, a headline, and the reasons
 * (first lines only: the run log and the log file keep the rest). It carries no row values: the
 * quality samples of failing rows are never part of it.
 *
 * @param details one line per failed target or warned check, e.g. {@code fact_sales: order_unique (unique, FAIL): 3 of 10 rows ...}
 * @param link the run's report, when {@code alerts.report-url} is set
 */
public record Alert(AlertEvent event, String pipeline, String runId, LocalDate runDate, Optional<String> stage, String headline,
    List<String> details, Optional<String> link) {
  public Alert {
    requireNonNull(event, "event is null");
    requireNonNull(pipeline, "pipeline is null");
    requireNonNull(runId, "runId is null");
    requireNonNull(runDate, "runDate is null");
    requireNonNull(stage, "stage is null");
    requireNonNull(headline, "headline is null");
    details = List.copyOf(requireNonNull(details, "details is null"));
    requireNonNull(link, "link is null");
  }

  /** One line: a mail's subject, a chat message's first line. */
  public String title() {
    return "[strata] " + pipeline + " " + runDate + ": " + headline;
  }

  /** The whole message as plain text. */
  public String text() {
    StringBuilder text = new StringBuilder();
    text.append(headline).append('\n');
    text.append("pipeline: ").append(pipeline).append('\n');
    text.append("run date: ").append(runDate).append('\n');
    text.append("run id: ").append(runId).append('\n');
    stage.ifPresent(name -> text.append("stage: ").append(name).append('\n'));
    text.append("event: ").append(event.configName()).append('\n');
    details.forEach(line -> text.append("- ").append(line).append('\n'));
    link.ifPresent(url -> text.append("report: ").append(url).append('\n'));
    return text.toString();
  }
}
