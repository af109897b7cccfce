package io.strata.jobs.model;

import static io.strata.jobs.model.DimensionColumns.column;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.strata.layout.config.AggregateColumn;
import io.strata.layout.config.AggregateConfig;
import io.strata.layout.config.AggregateMeasure;
import io.strata.layout.config.DateDimensionConfig;
import io.strata.layout.config.DimensionConfig;
import io.strata.layout.config.FactConfig;
import io.strata.layout.config.ModelConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * The rows an aggregate groups, at given table versions: the fact joined through its reference keys
 * to the dimension columns the aggregate reads (left joins, so no fact row is lost), with the grain
 * under its names and each measure's input beside it. Under {@code scd2 = restated} a version's
 * columns are those of its member's latest version.
 */
final class AggregateInputs implements AutoCloseable {
  static final String DATE_KEY = "date_key";
  /** In {@link #joined}: the fact row's partition date. */
  static final String PARTITION = "_partition";
  private final AggregateConfig aggregate;
  private final ModelConfig model;
  private final CuratedVersions tables;
  private final Map<String, Dataset<Row>> lookups = new LinkedHashMap<>();

  AggregateInputs(AggregateConfig aggregate, ModelConfig model, CuratedVersions tables) {
    this.aggregate = aggregate;
    this.model = model;
    this.tables = tables;
  }

  FactConfig fact() {
    return model.facts().get(aggregate.fact().orElseThrow());
  }

  /** The curated tables it reads: the fact first, then each joined dimension (and dim_date) once. */
  List<String> tables() {
    List<String> tables = new ArrayList<>(List.of(fact().name()));
    for (AggregateColumn column : aggregate.columnsRead()) {
      if (column.reference().isPresent() && !tables.contains(column.table())) {
        tables.add(column.table());
      }
    }
    return List.copyOf(tables);
  }

  /** The fact references it joins through, each with the dimension table it points at. */
  Map<String, String> references() {
    Map<String, String> references = new LinkedHashMap<>();
    aggregate.columnsRead().forEach(column -> column.reference().ifPresent(reference -> references.put(reference, column.table())));
    return references;
  }

  /** The fact at {@code versions}, joined, optionally only its rows that pass {@code factFilter}. */
  Dataset<Row> joined(Map<String, Long> versions, Optional<Column> factFilter) {
    Dataset<Row> rows = at(fact().name(), versions);
    return joined(factFilter.map(rows::filter).orElse(rows), versions);
  }

  /** Fact rows (of any version) joined to the dimensions at {@code versions}. */
  Dataset<Row> joined(Dataset<Row> factRows, Map<String, Long> versions) {
    Dataset<Row> rows = factRows;
    for (Map.Entry<String, String> reference : references().entrySet()) {
      Dataset<Row> lookup = lookup(reference.getKey(), reference.getValue(), versions.get(reference.getValue()));
      rows = rows.join(lookup, col(reference.getKey() + "_key").equalTo(lookup.col(lookupKey(reference.getKey()))), "left");
    }
    List<Column> picked = new ArrayList<>();
    aggregate.grain().forEach(grain -> picked.add(source(grain.column()).as(grain.name())));
    aggregate.measures().forEach(measure -> picked.add(measure.column().map(this::source).orElse(lit(1)).as(input(measure))));
    references().keySet().forEach(reference -> picked.add(col(reference + "_key").as(factKey(reference))));
    picked.add(col(FactConfig.PARTITION_COLUMN).as(PARTITION));
    return rows.select(picked.toArray(Column[]::new));
  }

  /**
   * A reference's dimension at {@code version} as {@code (key, the columns the aggregate reads)}, named for the join. Held in
   * memory until {@link #close}: finding the changed groups and recomputing them join each lookup several times, and every
   * scan of a Delta table costs a file-listing job.
   */
  Dataset<Row> lookup(String reference, String table, long version) {
    return lookups.computeIfAbsent(reference + "@" + table + "@" + version,
        key -> readLookup(reference, table, version).persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK()));
  }

  /** Frees the lookups {@link #lookup} held. */
  @Override
  public void close() {
    lookups.values().forEach(rows -> rows.unpersist(false));
    lookups.clear();
  }

  private Dataset<Row> readLookup(String reference, String table, long version) {
    List<String> read = aggregate.columnsRead().stream().filter(column -> column.reference().equals(Optional.of(reference)))
        .map(AggregateColumn::column).distinct().toList();
    String key = keyOf(table);
    Dataset<Row> rows = tables.at(table, version);
    DimensionConfig dimension = model.dimensions().get(table);
    if (dimension != null && dimension.scdType() == 2 && aggregate.versions() == AggregateConfig.Versions.RESTATED) {
      rows = restated(rows, dimension, read.stream().filter(name -> !name.equals(key)).toList());
    }
    List<Column> picked = new ArrayList<>(List.of(column(key).as(lookupKey(reference))));
    read.forEach(name -> picked.add(column(name).as(lookupColumn(reference, name))));
    return rows.select(picked.toArray(Column[]::new));
  }

  /**
   * Every version's key with the columns of its member's latest version (the current one, or a
   * deleted member's last), null values included. The unknown member keeps its own columns.
   */
  private static Dataset<Row> restated(Dataset<Row> versions, DimensionConfig dimension, List<String> read) {
    Column[] naturalKey = DimensionColumns.columns(dimension.naturalKey());
    Dataset<Row> members = versions.filter(col(dimension.keyColumn()).notEqual(DimensionColumns.UNKNOWN_KEY));
    Dataset<Row> latest = members.withColumn("_rank", row_number().over(Window.partitionBy(naturalKey)
        .orderBy(col(DimensionColumns.EFFECTIVE_FROM).desc(), col(dimension.keyColumn()).desc()))).filter(col("_rank").equalTo(1));
    List<Column> latestColumns = new ArrayList<>(List.of(lit(true).as("_matched")));
    for (int i = 0; i < dimension.naturalKey().size(); i++) {
      latestColumns.add(column(dimension.naturalKey().get(i)).as("_nk" + i));
    }
    read.forEach(name -> latestColumns.add(column(name).as("_latest_" + name)));
    Dataset<Row> latestRows = latest.select(latestColumns.toArray(Column[]::new));
    Column matches = col(dimension.keyColumn()).notEqual(DimensionColumns.UNKNOWN_KEY);
    for (int i = 0; i < dimension.naturalKey().size(); i++) {
      matches = matches.and(column(dimension.naturalKey().get(i)).eqNullSafe(col("_nk" + i)));
    }
    List<Column> picked = new ArrayList<>(List.of(column(dimension.keyColumn())));
    read.forEach(name -> picked.add(when(col("_matched").isNotNull(), col("_latest_" + name)).otherwise(column(name)).as(name)));
    return versions.join(latestRows, matches, "left").select(picked.toArray(Column[]::new));
  }

  /** The aggregate's rows from joined rows: one per group, measures computed. */
  Dataset<Row> grouped(Dataset<Row> joined) {
    List<Column> measures = new ArrayList<>();
    for (AggregateMeasure measure : aggregate.measures()) {
      Column input = col(input(measure));
      switch (measure.function()) {
        case SUM -> measures.add(sum(input).as(measure.name()));
        case COUNT -> measures.add(count(input).as(measure.name()));
        case COUNT_DISTINCT -> measures.add(countDistinct(input).as(measure.name()));
        case MIN -> measures.add(min(input).as(measure.name()));
        case MAX -> measures.add(max(input).as(measure.name()));
        case AVG -> {
          measures.add(sum(input).as(measure.sumColumn()));
          measures.add(count(input).as(measure.countColumn()));
        }
      }
    }
    Column[] grain = aggregate.grain().stream().map(entry -> column(entry.name())).toArray(Column[]::new);
    Dataset<Row> groups = joined.groupBy(grain).agg(measures.get(0), measures.subList(1, measures.size()).toArray(Column[]::new));
    for (AggregateMeasure measure : aggregate.measures()) {
      if (measure.function() == AggregateMeasure.Function.AVG) {
        // The type Spark's own avg gives (decimal(p + 4, s + 4) for a decimal), not the division's.
        org.apache.spark.sql.types.DataType type = joined.select(org.apache.spark.sql.functions.avg(col(input(measure)))).schema()
            .fields()[0].dataType();
        groups = groups.withColumn(measure.name(), col(measure.sumColumn()).divide(col(measure.countColumn())).cast(type));
      }
    }
    return groups.select(DimensionColumns.columns(aggregate.outputColumns()));
  }

  Dataset<Row> at(String table, Map<String, Long> versions) {
    return tables.at(table, versions.get(table));
  }

  static String keyOf(String table, ModelConfig model) {
    return table.equals(DateDimensionConfig.TABLE) ? DATE_KEY : model.dimensions().get(table).keyColumn();
  }

  private String keyOf(String table) {
    return keyOf(table, model);
  }

  private Column source(AggregateColumn column) {
    return column.reference().map(reference -> col(lookupColumn(reference, column.column()))).orElse(column(column.column()));
  }

  /** In {@link #joined}: the fact's key column of {@code reference}. */
  static String factKey(String reference) {
    return "_fk_" + reference;
  }

  /** Apart from {@link #lookupColumn}'s names: those hold a double '_' a reference name never starts with. */
  static String lookupKey(String reference) {
    return "_key_" + reference;
  }

  static String lookupColumn(String reference, String column) {
    return "_" + reference + "__" + column;
  }

  private static String input(AggregateMeasure measure) {
    return "_in_" + measure.name();
  }
}
