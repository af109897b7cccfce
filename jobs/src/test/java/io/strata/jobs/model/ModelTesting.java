package io.strata.jobs.model;

import io.strata.jobs.stage.StageContext;
import io.strata.jobs.stage.StageResult;
import io.strata.jobs.testing.TestingSpark;
import io.strata.layout.config.ColumnSpec;
import io.strata.layout.config.EntityConfig;
import io.strata.layout.config.ModelConfig;
import io.strata.layout.config.PiiRule;
import io.strata.layout.config.PipelineConfig;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

/** A model pipeline over hand-built processed tables: write an entity's rows, run the stage, read a curated table as text. */
final class ModelTesting {
  private final PipelineConfig config;

  ModelTesting(String lakeRoot, ModelConfig model, String... entities) {
    this(lakeRoot, model, List.of("id"), entities);
  }

  /** With every entity keyed on {@code key}: a processed table then holds one row per key, as process writes it. */
  ModelTesting(String lakeRoot, ModelConfig model, List<String> key, String... entities) {
    this(lakeRoot, model, keyed(key, entities));
  }

  /** With each entity keyed on its own columns, in the order given. */
  ModelTesting(String lakeRoot, ModelConfig model, Map<String, List<String>> keys) {
    PipelineConfig base = TestingSpark.pipeline(lakeRoot);
    Map<String, EntityConfig> byName = new LinkedHashMap<>();
    keys.forEach((entity, key) -> byName.put(entity, new EntityConfig(entity, "none", key, Optional.empty(), true, Map.of(), List.of(),
        List.of(), "UTC", List.of(new ColumnSpec("id", "bigint", true, Optional.empty(), PiiRule.of(PiiRule.UNSET))), "fail", "fail")));
    this.config = new PipelineConfig(base.name(), base.file(), base.lake(), base.spark(), base.warehouse(), base.sources(), byName,
        base.pii(), model, base.quality());
  }

  private static Map<String, List<String>> keyed(List<String> key, String... entities) {
    Map<String, List<String>> keys = new LinkedHashMap<>();
    for (String entity : entities) {
      keys.put(entity, key);
    }
    return keys;
  }

  PipelineConfig config() {
    return config;
  }

  /** Replaces the processed table of {@code entity} with the rows of a SQL {@code VALUES} query. */
  void processed(String entity, String valuesQuery) {
    Dataset<Row> rows = TestingSpark.session().sql(valuesQuery);
    org.apache.spark.sql.DataFrameWriter<Row> writer = rows.write().format("delta").mode(SaveMode.Overwrite).option("overwriteSchema", "true");
    EntityConfig declared = config.entities().get(entity);
    // As process creates a processed table: the key it holds one row per recorded in its statistics property.
    if (java.util.Set.of(rows.columns()).containsAll(declared.key())) {
      writer = writer.option(io.strata.layout.ProcessedTableKey.PROPERTY, io.strata.layout.ProcessedTableKey.statisticsColumns(declared));
    }
    writer.save(config.lake().layout().processed(entity).uri());
  }

  List<StageResult> run(LocalDate runDate) {
    return new ModelJob().run(new StageContext(config, TestingSpark.session(), runDate, "run-" + runDate, line -> { }));
  }

  Dataset<Row> table(String table) {
    return TestingSpark.session().read().format("delta").load(config.lake().layout().curated(table).uri());
  }

  /** The rows of a curated table, each as {@code a|b|c} in the given columns, sorted by the first. */
  List<String> rows(String table, String... columns) {
    return rows(table(table), columns);
  }

  static List<String> rows(Dataset<Row> rows, String... columns) {
    return rows.orderBy(columns[0], Arrays.copyOfRange(columns, 1, columns.length)).collectAsList().stream()
        .map(row -> Arrays.stream(columns).map(column -> String.valueOf((Object) row.getAs(column)).replaceFirst("\\.0$", ""))
            .collect(Collectors.joining("|")))
        .toList();
  }
}
