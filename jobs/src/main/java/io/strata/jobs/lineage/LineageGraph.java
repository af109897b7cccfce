package io.strata.jobs.lineage;

import io.strata.jobs.model.DimensionColumns;
import io.strata.jobs.stage.Stage;
import io.strata.layout.LakeLayout;
import io.strata.layout.LakeLocation;
import io.strata.layout.config.ColumnSpec;
import io.strata.layout.config.DateDimensionConfig;
import io.strata.layout.config.AggregateColumn;
import io.strata.layout.config.AggregateConfig;
import io.strata.layout.config.AggregateMeasure;
import io.strata.layout.config.DimensionConfig;
import io.strata.layout.config.DimensionReference;
import io.strata.layout.config.EntityConfig;
import io.strata.layout.config.FactConfig;
import io.strata.layout.config.FileSourceConfig;
import io.strata.layout.config.JdbcSourceConfig;
import io.strata.layout.config.KafkaSourceConfig;
import io.strata.layout.config.PipelineConfig;
import io.strata.layout.config.QualityTable;
import io.strata.layout.config.RestSourceConfig;
import io.strata.layout.config.SourceConfig;
import io.strata.layout.config.WarehouseConfig;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pipeline's lineage as the config declares it, without running anything: per stage, the
 * datasets it reads and writes, and for processed, curated and warehouse tables which column
 * comes from which (masked PII columns marked as such). SQL-sourced model tables have table-level
 * lineage only: Strata does not parse their SQL.
 */
public final class LineageGraph {
  private final PipelineConfig config;
  private final Map<String, LineageDataset> curated = new LinkedHashMap<>();

  private LineageGraph(PipelineConfig config) {
    this.config = config;
  }

  public static List<LineageJob> of(PipelineConfig config) {
    return new LineageGraph(config).jobs();
  }

  private List<LineageJob> jobs() {
    List<LineageJob> jobs = new ArrayList<>();
    jobs.add(ingest());
    jobs.add(process());
    jobs.add(model());
    jobs.add(quality());
    config.warehouse().ifPresent(warehouse -> jobs.add(export(warehouse)));
    return jobs;
  }

  private LakeLayout layout() {
    return config.lake().layout();
  }

  private LineageJob ingest() {
    List<LineageDataset> inputs = new ArrayList<>();
    List<LineageDataset> outputs = new ArrayList<>();
    Map<String, List<String>> feeds = new LinkedHashMap<>();
    for (SourceConfig source : config.sources().values()) {
      LineageDataset input = source(source);
      LineageDataset raw = lake(layout().rawEntity(source.name(), source.entity()), "raw", List.of());
      inputs.add(input);
      outputs.add(raw);
      feeds.put(raw.id(), List.of(input.id()));
    }
    return new LineageJob(Stage.INGEST, inputs, outputs, feeds);
  }

  private LineageJob process() {
    List<LineageDataset> inputs = new ArrayList<>();
    List<LineageDataset> outputs = new ArrayList<>();
    Map<String, List<String>> feeds = new LinkedHashMap<>();
    for (EntityConfig entity : config.entities().values()) {
      // The entity reads the raw data its source landed, under the source's own entity name.
      List<LineageDataset> raw = java.util.Optional.ofNullable(config.sources().get(entity.source()))
          .map(source -> lake(layout().rawEntity(source.name(), source.entity()), "raw", List.of())).stream().toList();
      inputs.addAll(raw);
      List<LineageDataset.Field> fields = new ArrayList<>();
      for (ColumnSpec column : entity.columns()) {
        boolean masked = column.pii().masks();
        String how = masked ? "pii: " + column.pii().method() : "typed as " + column.type();
        fields.add(new LineageDataset.Field(column.name(), column.type(), raw.stream()
            .map(input -> new LineageDataset.Source(input.namespace(), input.name(), column.name(), masked, how)).toList()));
      }
      LineageDataset output = processed(entity.name()).orElseThrow().withFields(fields);
      outputs.add(output);
      feeds.put(output.id(), raw.stream().map(LineageDataset::id).toList());
    }
    return new LineageJob(Stage.PROCESS, inputs, outputs, feeds);
  }

  private Optional<LineageDataset> processed(String entity) {
    EntityConfig config = this.config.entities().get(entity);
    if (config == null) {
      return Optional.empty();
    }
    List<LineageDataset.Field> fields = config.columns().stream().map(column -> new LineageDataset.Field(column.name(), column.type(), List.of())).toList();
    return Optional.of(lake(layout().processed(entity), "processed", fields));
  }

  private LineageJob model() {
    List<LineageDataset> inputs = new ArrayList<>();
    List<LineageDataset> outputs = new ArrayList<>();
    Map<String, List<String>> feeds = new LinkedHashMap<>();
    for (DimensionConfig dimension : config.model().dimensions().values()) {
      List<LineageDataset> from = modelInputs(dimension.source().entity(), dimension.source().changedBy());
      from.forEach(input -> addOnce(inputs, input));
      List<LineageDataset.Field> fields = new ArrayList<>();
      fields.add(new LineageDataset.Field(dimension.keyColumn(), "bigint", List.of()));
      for (String column : dimensionColumns(dimension)) {
        fields.add(field(column, dimension.source().entity(), "identity"));
      }
      // The columns the engine adds (the versions' interval and flags, the change hash) are made from no source column.
      List<String> engine = dimension.scdType() == 2 ? List.of(DimensionColumns.EFFECTIVE_FROM, DimensionColumns.EFFECTIVE_TO,
          DimensionColumns.IS_CURRENT, DimensionColumns.VERSION, DimensionColumns.IS_DELETED, DimensionColumns.ROW_HASH)
          : List.of(DimensionColumns.ROW_HASH);
      Map<String, String> engineTypes = Map.of(DimensionColumns.EFFECTIVE_FROM, "timestamp", DimensionColumns.EFFECTIVE_TO, "timestamp",
          DimensionColumns.IS_CURRENT, "boolean", DimensionColumns.VERSION, "int", DimensionColumns.IS_DELETED, "boolean",
          DimensionColumns.ROW_HASH, "string");
      engine.forEach(column -> fields.add(new LineageDataset.Field(column, engineTypes.get(column), List.of())));
      LineageDataset table = lake(layout().curated(dimension.name()), "curated", fields);
      curated.put(dimension.name(), table);
      outputs.add(table);
      feeds.put(table.id(), from.stream().map(LineageDataset::id).toList());
    }
    config.model().dateDimension().ifPresent(dates -> {
      LineageDataset table = lake(layout().curated(DateDimensionConfig.TABLE), "curated", List.of());
      curated.put(DateDimensionConfig.TABLE, table);
      outputs.add(table);
      feeds.put(table.id(), List.of()); // generated from the calendar (and the facts' date range)
    });
    for (FactConfig fact : config.model().facts().values()) {
      List<String> factFeeds = new ArrayList<>();
      modelInputs(fact.source().entity(), fact.source().changedBy()).forEach(input -> {
        addOnce(inputs, input);
        factFeeds.add(input.id());
      });
      List<LineageDataset.Field> fields = new ArrayList<>();
      List<String> columns = new ArrayList<>(fact.grain());
      fact.measures().stream().filter(column -> !columns.contains(column)).forEach(columns::add);
      fact.degenerate().stream().filter(column -> !columns.contains(column)).forEach(columns::add);
      for (String column : columns) {
        fields.add(field(column, fact.source().entity(), "identity"));
      }
      for (DimensionReference reference : fact.dimensions()) {
        LineageDataset dimension = curated.get(reference.dimension());
        DimensionConfig dimensionConfig = config.model().dimensions().get(reference.dimension());
        if (dimension != null && dimensionConfig != null) {
          addOnce(inputs, dimension.withoutFields());
          factFeeds.add(dimension.id());
          List<LineageDataset.Source> sources = new ArrayList<>();
          sources.add(new LineageDataset.Source(dimension.namespace(), dimension.name(), dimensionConfig.keyColumn(), false,
              "surrogate key of " + reference.dimension() + " valid at the event"));
          fact.source().entity().flatMap(this::processed).ifPresent(entity -> reference.columns().forEach(column ->
              sources.add(new LineageDataset.Source(entity.namespace(), entity.name(), column, false, "looked up in " + reference.dimension()))));
          fields.add(new LineageDataset.Field(reference.keyColumn(), "bigint", sources));
        }
      }
      LineageDataset table = lake(layout().curated(fact.name()), "curated", fields);
      curated.put(fact.name(), table);
      outputs.add(table);
      feeds.put(table.id(), List.copyOf(factFeeds));
    }
    for (AggregateConfig aggregate : config.model().aggregates().values()) {
      aggregate(aggregate, curated, inputs, outputs, feeds);
    }
    return new LineageJob(Stage.MODEL, inputs, outputs, feeds);
  }

  /**
   * An aggregate: fed by its fact and the dimensions it joins, each grain column from its table's
   * column and each measure from the column it aggregates. A SQL aggregate names no inputs.
   */
  private void aggregate(AggregateConfig aggregate, Map<String, LineageDataset> curated, List<LineageDataset> inputs,
      List<LineageDataset> outputs, Map<String, List<String>> feeds) {
    List<LineageDataset.Field> fields = new ArrayList<>();
    List<String> from = new ArrayList<>();
    for (AggregateConfig.Grain grain : aggregate.grain()) {
      fields.add(new LineageDataset.Field(grain.name(), "unknown", aggregateSource(grain.column(), curated, inputs, from, "grouped by")));
    }
    for (AggregateMeasure measure : aggregate.measures()) {
      List<LineageDataset.Source> sources = measure.column().map(column -> aggregateSource(column, curated, inputs, from,
          measure.function().configName())).orElse(List.of());
      measure.outputColumns().forEach(column -> fields.add(new LineageDataset.Field(column, "unknown", sources)));
    }
    aggregate.fact().map(curated::get).ifPresent(fact -> {
      addOnce(inputs, fact.withoutFields());
      if (!from.contains(fact.id())) {
        from.add(0, fact.id());
      }
    });
    LineageDataset table = lake(layout().curated(aggregate.name()), "curated", fields);
    outputs.add(table);
    feeds.put(table.id(), List.copyOf(from));
  }

  private static List<LineageDataset.Source> aggregateSource(AggregateColumn column, Map<String, LineageDataset> curated,
      List<LineageDataset> inputs, List<String> from, String how) {
    LineageDataset table = curated.get(column.table());
    if (table == null) {
      return List.of();
    }
    addOnce(inputs, table.withoutFields());
    if (!from.contains(table.id())) {
      from.add(table.id());
    }
    return List.of(new LineageDataset.Source(table.namespace(), table.name(), column.column(), false, how));
  }

  /** The processed table a model table reads (or, for SQL, the entities that drive it). */
  private List<LineageDataset> modelInputs(Optional<String> entity, List<String> changedBy) {
    List<LineageDataset> inputs = new ArrayList<>();
    entity.flatMap(this::processed).map(LineageDataset::withoutFields).ifPresent(inputs::add);
    changedBy.forEach(name -> processed(name).map(LineageDataset::withoutFields).ifPresent(input -> addOnce(inputs, input)));
    return inputs;
  }

  /**
   * The source columns a dimension keeps, as its builders select them: the natural key, then an
   * SCD2 dimension's tracked and type-1 columns, or an SCD1 dimension's {@code columns} (all of
   * its entity's columns but the key and Strata's {@code _} columns when none are listed).
   */
  private List<String> dimensionColumns(DimensionConfig dimension) {
    List<String> columns = new ArrayList<>(dimension.naturalKey());
    List<String> attributes = new ArrayList<>();
    if (dimension.scdType() == 2) {
      attributes.addAll(dimension.tracked());
      attributes.addAll(dimension.typeOne());
    } else if (!dimension.attributes().isEmpty()) {
      attributes.addAll(dimension.attributes());
    } else {
      dimension.source().entity().map(config.entities()::get).ifPresent(entity -> entity.columns().stream().map(ColumnSpec::name)
          .filter(name -> !name.startsWith("_")).forEach(attributes::add));
    }
    attributes.stream().filter(column -> !columns.contains(column)).forEach(columns::add);
    return columns;
  }

  private LineageDataset.Field field(String column, Optional<String> entity, String how) {
    Optional<LineageDataset> input = entity.flatMap(this::processed);
    String type = input.flatMap(table -> table.fields().stream().filter(field -> field.name().equals(column)).findFirst())
        .map(LineageDataset.Field::type).orElse("unknown");
    return new LineageDataset.Field(column, type, input.map(table -> List.of(new LineageDataset.Source(table.namespace(), table.name(), column,
        false, how))).orElse(List.of()));
  }

  private LineageJob quality() {
    List<LineageDataset> inputs = new ArrayList<>();
    for (QualityTable table : config.quality().tables()) {
      LineageDataset checked = table.displayName().startsWith(QualityTable.PROCESSED_PREFIX + ".")
          ? processed(table.name()).orElse(null) : curated.get(table.name());
      if (checked != null) {
        addOnce(inputs, checked.withoutFields());
      }
    }
    return new LineageJob(Stage.QUALITY, inputs, List.of(lake(layout().runLog("quality_results"), "run log", List.of())));
  }

  private LineageJob export(WarehouseConfig warehouse) {
    List<LineageDataset> inputs = new ArrayList<>();
    List<LineageDataset> outputs = new ArrayList<>();
    Map<String, List<String>> feeds = new LinkedHashMap<>();
    JdbcName target = JdbcName.of(warehouse.url());
    for (String table : warehouse.export().tablesOf(config.model())) {
      LineageDataset lake = curated.getOrDefault(table, lake(layout().curated(table), "curated", List.of()));
      inputs.add(lake.withoutFields());
      List<LineageDataset.Field> fields = lake.fields().stream().map(field -> new LineageDataset.Field(field.name(), field.type(),
          List.of(new LineageDataset.Source(lake.namespace(), lake.name(), field.name(), false, "identity")))).toList();
      LineageDataset output = new LineageDataset(target.namespace(), target.database() + "." + warehouse.schema() + "." + table, "warehouse", fields);
      outputs.add(output);
      feeds.put(output.id(), List.of(lake.id()));
    }
    return new LineageJob(Stage.EXPORT, inputs, outputs, feeds);
  }

  private static LineageDataset source(SourceConfig source) {
    if (source instanceof JdbcSourceConfig jdbc) {
      JdbcName name = JdbcName.of(jdbc.url());
      return new LineageDataset(name.namespace(), name.database() + "." + jdbc.table().orElse("query:" + jdbc.name()), "source", List.of());
    }
    if (source instanceof RestSourceConfig rest) {
      URI url = rest.url();
      return new LineageDataset(url.getScheme() + "://" + url.getAuthority(), url.getPath(), "source", List.of());
    }
    if (source instanceof KafkaSourceConfig kafka) {
      String broker = kafka.bootstrapServers().split(",")[0].trim();
      return new LineageDataset("kafka://" + broker, kafka.topicPattern().orElse(String.join(",", kafka.topics())), "source", List.of());
    }
    if (source instanceof FileSourceConfig file) {
      return location(file.path(), "source");
    }
    return new LineageDataset("strata", source.name(), "source", List.of());
  }

  private static LineageDataset lake(LakeLocation location, String layer, List<LineageDataset.Field> fields) {
    return location(location.uri(), layer).withFields(fields);
  }

  /** A path or URI as OpenLineage names files: {@code s3://bucket} and the key, or {@code file} and the path. */
  private static LineageDataset location(String path, String layer) {
    URI uri;
    try {
      uri = URI.create(path.replace(" ", "%20"));
    } catch (IllegalArgumentException e) {
      // A glob such as data/{a,b}/*.csv is not a URI: named as written.
      return new LineageDataset("file", path.replaceFirst("^file:/+", "/"), layer, List.of());
    }
    if (uri.getScheme() == null || uri.getScheme().equals("file")) {
      return new LineageDataset("file", uri.getPath() == null ? path : uri.getPath(), layer, List.of());
    }
    String scheme = uri.getScheme().startsWith("s3") ? "s3" : uri.getScheme();
    return new LineageDataset(scheme + "://" + uri.getAuthority(), uri.getPath().replaceFirst("^/", ""), layer, List.of());
  }

  private static void addOnce(List<LineageDataset> datasets, LineageDataset dataset) {
    if (datasets.stream().noneMatch(existing -> existing.id().equals(dataset.id()))) {
      datasets.add(dataset);
    }
  }
}
