package io.strata.jobs.metrics;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The metrics a run publishes, named after Prometheus conventions: base units in the name,
 * {@code _total} for counts. Every metric has the {@code pipeline} label first; the others come
 * from a sample's stage, target and extra label, under the names listed here.
 */
public enum StrataMetric {
  RUN_DURATION("strata_run_duration_seconds", Kind.GAUGE, "How long the run took, from the start of its first stage to its end", List.of()),
  RUN_SUCCESS("strata_run_success", Kind.GAUGE, "1 when the run finished every stage it ran, 0 when a stage failed", List.of()),
  RUN_END("strata_run_end_timestamp_seconds", Kind.GAUGE, "When the run ended, in seconds since the epoch", List.of()),
  STAGE_DURATION("strata_stage_duration_seconds", Kind.GAUGE, "How long a stage took for one target, or as a whole (target *)",
      List.of(Label.STAGE, Label.TARGET)),
  STAGE_SUCCESS("strata_stage_success", Kind.GAUGE, "1 when the stage succeeded, 0 when it failed", List.of(Label.STAGE)),
  ROWS_READ("strata_rows_read_total", Kind.COUNTER, "Rows a stage read for a target in the run", List.of(Label.STAGE, Label.TARGET)),
  ROWS_WRITTEN("strata_rows_written_total", Kind.COUNTER, "Rows a stage wrote for a target in the run (export: rows copied to the warehouse)",
      List.of(Label.STAGE, Label.TARGET)),
  ROWS_QUARANTINED("strata_rows_quarantined_total", Kind.COUNTER, "Rows a stage quarantined for a target in the run",
      List.of(Label.STAGE, Label.TARGET)),
  BYTES("strata_bytes_total", Kind.COUNTER, "Bytes a stage read for a target in the run, where the source reports them",
      List.of(Label.STAGE, Label.TARGET)),
  QUALITY_CHECKS("strata_quality_checks_total", Kind.COUNTER, "Quality checks of a table by outcome (pass, warn, fail, error)",
      List.of(Label.TABLE, Label.STATUS)),
  UNKNOWN_MEMBERS("strata_unknown_members_total", Kind.COUNTER, "Fact rows the model keyed to a dimension's unknown member (-1)",
      List.of(Label.TABLE, Label.DIMENSION));

  /** How Prometheus treats the metric. */
  public enum Kind { GAUGE, COUNTER }

  /** A label and where its value comes from in a sample. */
  public enum Label {
    STAGE("stage"), TARGET("target"), TABLE("target"), STATUS("label"), DIMENSION("label");

    private final String column;

    Label(String column) {
      this.column = column;
    }

    public String labelName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The column of {@code _runs/metrics} that holds this label's value. */
    public String column() {
      return column;
    }
  }

  private final String metricName;
  private final Kind kind;
  private final String help;
  private final List<Label> labels;

  StrataMetric(String metricName, Kind kind, String help, List<Label> labels) {
    this.metricName = metricName;
    this.kind = kind;
    this.help = help;
    this.labels = labels;
  }

  public String metricName() {
    return metricName;
  }

  public Kind kind() {
    return kind;
  }

  public String help() {
    return help;
  }

  public List<Label> labels() {
    return labels;
  }

  public static Optional<StrataMetric> byName(String name) {
    return Arrays.stream(values()).filter(metric -> metric.metricName.equals(name)).findFirst();
  }
}
