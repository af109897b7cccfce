package io.strata.jobs.quality;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.delta.tables.DeltaTable;
import io.strata.jobs.runlog.RunLog;
import io.strata.jobs.runlog.RunRecord;
import io.strata.layout.LakeLayout;
import java.sql.Date;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;

/**
 * The row counts stages recorded in the run log for one run date: per stage and target, the
 * latest successful line, whichever run (a `strata run` or one Airflow task per stage) wrote it.
 */
final class RunLogCounts {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What a stage did to one target; {@code metrics} from the line's details (e.g. {@code duplicates}). */
  record Counts(String runId, long read, long written, long quarantined, Map<String, Long> metrics) {}

  private final Map<String, Counts> byStageAndTarget;

  private RunLogCounts(Map<String, Counts> byStageAndTarget) {
    this.byStageAndTarget = Map.copyOf(byStageAndTarget);
  }

  static RunLogCounts read(SparkSession spark, LakeLayout layout, String pipeline, LocalDate runDate) {
    requireNonNull(spark, "spark is null");
    String location = layout.runLog(RunLog.TABLE).uri();
    Map<String, Counts> counts = new HashMap<>();
    if (!DeltaTable.isDeltaTable(spark, location)) {
      return new RunLogCounts(counts);
    }
    spark.read().format("delta").load(location)
        .filter(col("pipeline").equalTo(pipeline).and(col("run_date").equalTo(lit(Date.valueOf(runDate))))
            .and(col("status").equalTo(RunRecord.Status.SUCCESS.name())).and(col("target").notEqual(RunRecord.WHOLE_STAGE)))
        .withColumn("_n", row_number().over(Window.partitionBy("stage", "target").orderBy(col("logged_at").desc())))
        .filter(col("_n").equalTo(1))
        .collectAsList()
        .forEach(row -> counts.put(row.<String>getAs("stage") + "/" + row.getAs("target"), new Counts(row.getAs("run_id"),
            row.<Long>getAs("rows_read"), row.<Long>getAs("rows_written"), row.<Long>getAs("rows_quarantined"),
            metrics(row.getAs("details")))));
    return new RunLogCounts(counts);
  }

  Optional<Counts> find(String stage, String target) {
    return Optional.ofNullable(byStageAndTarget.get(stage + "/" + target));
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
