package io.strata.jobs.ingest;

import io.strata.jobs.stage.StageContext;
import io.strata.jobs.stage.StageResult;
import io.strata.jobs.testing.TestingSpark;
import io.strata.layout.config.PipelineConfig;
import io.strata.layout.config.SourceConfig;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Runs the ingest stage the way the CLI does, and reads back what it wrote. */
public final class IngestTesting {
  public final PipelineConfig config;
  public final List<String> progress = new ArrayList<>();

  public IngestTesting(String lakeRoot, SourceConfig... sources) {
    Map<String, SourceConfig> byName = new LinkedHashMap<>();
    for (SourceConfig source : sources) {
      byName.put(source.name(), source);
    }
    this.config = TestingSpark.pipeline(lakeRoot, byName);
  }

  public List<StageResult> ingest(LocalDate runDate, String runId) {
    return ingest(runDate, runId, Optional.empty());
  }

  public List<StageResult> ingest(LocalDate runDate, String runId, Optional<String> onlySource) {
    StageContext context = new StageContext(config, TestingSpark.session(), runDate, runId, progress::add);
    return new IngestJob(onlySource, IngestJob.standardReaders()).run(context);
  }

  /** Everything in the raw layer for a source's entity, across batches. */
  public Dataset<Row> raw(String source, String entity) {
    return TestingSpark.session().read().parquet(config.lake().layout().rawEntity(source, entity).uri());
  }

  public Dataset<Row> quarantine(String source) {
    return TestingSpark.session().read().parquet(config.lake().layout().quarantine(io.strata.layout.Layer.RAW, source).uri());
  }
}
