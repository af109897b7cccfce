package io.strata.layout.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A whole pipeline, parsed once from one HOCON file (with its includes) into immutable values.
 * Build it with {@link PipelineConfigLoader}.
 */
public record PipelineConfig(
    String name,
    Path file,
    LakeConfig lake,
    SparkSettings spark,
    Optional<WarehouseConfig> warehouse,
    Map<String, SourceConfig> sources,
    Map<String, EntityConfig> entities,
    PiiSettings pii,
    ModelConfig model,
    QualityConfig quality,
    AlertsConfig alerts,
    MetricsConfig metrics,
    LineageConfig lineage,
    CatalogConfig catalog) {

  public PipelineConfig {
    requireNonNull(name, "name is null");
    requireNonNull(file, "file is null");
    requireNonNull(lake, "lake is null");
    requireNonNull(spark, "spark is null");
    requireNonNull(warehouse, "warehouse is null");
    sources = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(requireNonNull(sources, "sources is null")));
    entities = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(requireNonNull(entities, "entities is null")));
    requireNonNull(pii, "pii is null");
    requireNonNull(model, "model is null");
    requireNonNull(quality, "quality is null");
    requireNonNull(alerts, "alerts is null");
    requireNonNull(metrics, "metrics is null");
    requireNonNull(lineage, "lineage is null");
    requireNonNull(catalog, "catalog is null");
  }

  /** A pipeline without alerts. */
  public PipelineConfig(String name, Path file, LakeConfig lake, SparkSettings spark, Optional<WarehouseConfig> warehouse,
      Map<String, SourceConfig> sources, Map<String, EntityConfig> entities, PiiSettings pii, ModelConfig model, QualityConfig quality) {
    this(name, file, lake, spark, warehouse, sources, entities, pii, model, quality, AlertsConfig.none(), MetricsConfig.defaults(), LineageConfig.none(), CatalogConfig.defaults());
  }

  /** A pipeline without a model or quality checks. */
  public PipelineConfig(String name, Path file, LakeConfig lake, SparkSettings spark, Optional<WarehouseConfig> warehouse,
      Map<String, SourceConfig> sources, Map<String, EntityConfig> entities, PiiSettings pii) {
    this(name, file, lake, spark, warehouse, sources, entities, pii, ModelConfig.empty(), QualityConfig.empty());
  }

  /** This pipeline with {@code model} in place of its model. */
  public PipelineConfig withModel(ModelConfig model) {
    return new PipelineConfig(name, file, lake, spark, warehouse, sources, entities, pii, model, quality, alerts, metrics, lineage, catalog);
  }

  /** This pipeline with {@code warehouse} in place of its warehouse section. */
  public PipelineConfig withWarehouse(WarehouseConfig warehouse) {
    return new PipelineConfig(name, file, lake, spark, Optional.of(warehouse), sources, entities, pii, model, quality, alerts, metrics,
        lineage, catalog);
  }

  /** This pipeline with {@code quality} in place of its checks. */
  public PipelineConfig withQuality(QualityConfig quality) {
    return new PipelineConfig(name, file, lake, spark, warehouse, sources, entities, pii, model, quality, alerts, metrics, lineage, catalog);
  }

  /** This pipeline with {@code alerts} in place of its alerts section. */
  public PipelineConfig withAlerts(AlertsConfig alerts) {
    return new PipelineConfig(name, file, lake, spark, warehouse, sources, entities, pii, model, quality, alerts, metrics, lineage, catalog);
  }

  /** The effective settings, one per line, sorted; secrets show their reference, never a value. */
  public List<String> describe() {
    List<String> lines = new ArrayList<>();
    lines.add("name = " + name);
    lines.add("lake.root = " + lake.root());
    lake.s3().endpoint().ifPresent(endpoint -> lines.add("lake.s3.endpoint = " + endpoint));
    lake.s3().accessKey().ifPresent(key -> lines.add("lake.s3.access-key = " + key.reference()));
    lines.addAll(lake.s3().describeSecurity());
    lines.add("lake.lock.heartbeat = " + LockConfig.hocon(lake.lock().heartbeat()));
    lines.add("lake.lock.stale-after = " + LockConfig.hocon(lake.lock().staleAfter()));
    spark.master().ifPresent(master -> lines.add("spark.master = " + master));
    lines.add("spark.app-name = " + spark.appName());
    lines.add("spark.shuffle-partitions = " + spark.shufflePartitions());
    spark.conf().forEach((key, value) -> lines.add("spark.conf." + key + " = " + value));
    warehouse.ifPresent(target -> {
      lines.add("warehouse.url = " + target.url());
      lines.add("warehouse.schema = " + target.schema());
      lines.add("warehouse.user = " + target.user());
      lines.add("warehouse.password = " + target.password().reference());
      lines.add("warehouse.sslmode = " + target.sslMode());
      ExportConfig export = target.export();
      lines.add("warehouse.export.tables = " + export.tablesOf(model));
      export.tablesOf(model).forEach(table -> lines.add("warehouse.export.modes." + table + " = " + export.modeOf(table).configName()));
      export.views().keySet().forEach(view -> lines.add("warehouse.export.views." + view + " = SELECT ..."));
      export.materializedViews().keySet().forEach(view -> lines.add("warehouse.export.materialized-views." + view + " = SELECT ..."));
    });
    sources.values().forEach(source -> lines.add("sources." + source.name() + " = " + source.type() + " -> entity " + source.entity()));
    entities.values().forEach(entity -> lines.add("entities." + entity.name() + " = from source " + entity.source()
        + ", key " + entity.key() + ", " + entity.columns().size() + " columns"));
    pii.key().ifPresent(key -> lines.add("pii.key = " + key.reference()));
    model.dimensions().values().forEach(dimension -> lines.add("model.dimensions." + dimension.name() + " = scd-type "
        + dimension.scdType() + " from " + dimension.source().describe() + ", natural key " + dimension.naturalKey()));
    model.dateDimension().ifPresent(dates -> lines.add("model.dim-date = " + dates.start().map(start -> start + ".." + dates.end().orElseThrow())
        .orElse("range of the facts") + ", fiscal year from month " + dates.fiscalYearStartMonth()));
    model.facts().values().forEach(fact -> lines.add("model.facts." + fact.name() + " = from " + fact.source().describe()
        + ", grain " + fact.grain()));
    model.aggregates().values().forEach(aggregate -> lines.add("model.aggregates." + aggregate.name() + " = " + aggregate.fact()
        .map(fact -> "over " + fact + " by " + aggregate.grain().stream().map(grain -> grain.column().describe()).toList() + ", "
            + aggregate.measures().size() + " measure(s), scd2 " + aggregate.versions().configName())
        .orElse("from sql")));
    quality.tables().forEach(table -> lines.add("quality.tables." + table.displayName() + " = " + table.checks().size() + " check(s): "
        + String.join(", ", table.checks().stream().map(check -> check.name() + " (" + check.rule().type() + ", "
            + check.severity().configName() + ")").toList())));
    if (alerts.enabled()) {
      alerts.channels().values().forEach(channel -> lines.add("alerts.channels." + channel.name() + " = " + channel.describe()));
      alerts.rules().forEach(rule -> lines.add("alerts.rules." + rule.name() + " = on " + rule.on().stream().map(AlertEvent::configName).sorted().toList()
          + " to " + rule.channels()));
    } else if (!alerts.channels().isEmpty()) {
      lines.add("alerts.enabled = false");
    }
    metrics.pushgateway().ifPresent(gateway -> lines.add("metrics.pushgateway = " + gateway.url() + ", job " + gateway.job()));
    lineage.url().ifPresent(url -> lines.add("lineage.url = " + url.getScheme() + "://" + url.getAuthority() + ", endpoint " + lineage.endpoint()));
    lineage.file().ifPresent(file -> lines.add("lineage.file = " + file));
    if (!catalog.type().equals("session")) {
      lines.add("catalog.type = " + catalog.type() + catalog.uri().map(uri -> ", uri " + uri).orElse(""));
    }
    lines.sort(String::compareTo);
    return lines;
  }
}
