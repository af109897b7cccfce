package io.strata.jobs.model;

import io.strata.jobs.delta.TableLog;
import static io.strata.jobs.model.DimensionColumns.EFFECTIVE_FROM;
import static io.strata.jobs.model.DimensionColumns.EFFECTIVE_TO;
import static io.strata.jobs.model.DimensionColumns.IS_CURRENT;
import static io.strata.jobs.model.DimensionColumns.column;
import static io.strata.jobs.model.DimensionColumns.columns;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.raise_error;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import io.strata.jobs.spark.ObservedMetrics;
import io.strata.layout.LakeLayout;
import io.strata.layout.StrataException;
import io.strata.layout.config.DateReference;
import io.strata.layout.config.DimensionConfig;
import io.strata.layout.config.DimensionReference;
import io.strata.layout.config.FactConfig;
import io.strata.layout.config.ModelConfig;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Builds a fact: each dimension reference becomes the surrogate key of the member version valid at
 * the event time (or the current one), -1 when none; each date reference a yyyymmdd key. A whole
 * build overwrites the table; a partial one replaces exactly the {@code partition_date} partitions
 * it was given (those with no rows any more are emptied), so a re-run is idempotent.
 */
final class FactBuilder {
  private static final int EXAMPLES = 5;

  private FactBuilder() {}

  /**
   * @param dimensionVersions the version of each dimension to look members up in
   * @param partitions the partitions {@code source} holds and the build replaces; empty: all of them
   */
  static FactBuild build(SparkSession spark, FactConfig fact, ModelConfig model, Dataset<Row> source, LakeLayout layout,
      Map<String, Long> dimensionVersions, Optional<Set<LocalDate>> partitions, boolean uniqueByKey) {
    String prefix = "model.facts." + fact.name() + ".";
    requireColumns(source, fact, prefix);
    // A source unique on its grain by construction is not grouped by it: the write itself finds
    // its partitions and dates, and fails on a row without a partition value before anything commits.
    Optional<SourceShape> shape = uniqueByKey ? Optional.empty() : Optional.of(SourceShape.of(source, fact, prefix));

    Dataset<Row> rows = source;
    for (DimensionReference reference : fact.dimensions()) {
      rows = lookUp(spark, rows, reference, model.dimensions().get(reference.dimension()), layout, dimensionVersions);
    }
    for (DateReference date : fact.dates()) {
      rows = DateKeys.with(rows, date);
    }
    Column partition = col(FactConfig.PARTITION_COLUMN);
    rows = rows.withColumn(FactConfig.PARTITION_COLUMN, DateKeys.day(source, fact.partitionBy()));
    if (shape.isEmpty()) {
      rows = rows.withColumn(FactConfig.PARTITION_COLUMN, when(partition.isNull(), raise_error(lit(NO_PARTITION))).otherwise(partition));
    }
    // The write counts the rows it writes and the unknown members among them (Spark's observed
    // metrics): the built rows are computed once, by the write. Then the partitions and the dates.
    List<Column> written = new ArrayList<>(List.of(count(lit(1)).as("rows")));
    fact.dimensions().forEach(reference -> written.add(sum(when(col(reference.keyColumn()).equalTo(DimensionColumns.UNKNOWN_KEY), 1L)
        .otherwise(0L)).as("unknown_" + reference.name())));
    written.add(size(collect_set(col(FactConfig.PARTITION_COLUMN))).as("partitions"));
    for (DateReference date : fact.dates()) {
      Column known = when(col(date.keyColumn()).notEqual(lit(-1)), col(date.keyColumn()));
      written.add(min(known).as("_first_" + date.name()));
      written.add(max(known).as("_last_" + date.name()));
    }
    Observation observed = new Observation();
    // One task per partition date: a day's rows land in one file instead of one per shuffle partition.
    // Observed after the shuffle, in the write's own stage: a map stage that Spark runs again (a lost
    // executor, a failed fetch) would count its rows again.
    Dataset<Row> facts = rows.select(columns(outputColumns(fact))).repartition(col(FactConfig.PARTITION_COLUMN))
        .observe(observed, written.get(0), written.subList(1, written.size()).toArray(Column[]::new));
    DataFrameWriter<Row> writer = facts.write().format("delta").mode(SaveMode.Overwrite)
        .partitionBy(FactConfig.PARTITION_COLUMN);
    if (partitions.isPresent()) {
      writer = writer.option("replaceWhere", replaceWhere(partitions.get()));
    } else {
      writer = writer.option("overwriteSchema", "true").option(STATS_COLUMNS_PROPERTY, statsColumns(fact));
    }
    String table = layout.curated(fact.name()).uri();
    try {
      writer.save(table);
    } catch (RuntimeException e) {
      if (shape.isEmpty() && causedBy(e, NO_PARTITION)) {
        throw new StrataException(noPartition(prefix, fact, source.filter(DateKeys.day(source, fact.partitionBy()).isNull()).count()), e);
      }
      throw e;
    }
    Row counts = writtenCounts(spark, observed, table, partitions, written, fact);
    Map<String, Long> unknown = new LinkedHashMap<>();
    for (int i = 0; i < fact.dimensions().size(); i++) {
      unknown.put(fact.dimensions().get(i).name(), counts.isNullAt(1 + i) ? 0L : counts.getLong(1 + i));
    }
    if (shape.isPresent()) {
      return new FactBuild(shape.get().rows(), counts.getLong(0), shape.get().partitions(), unknown, shape.get().dates());
    }
    // Unique on the grain, and each lookup finds at most one version per row: the rows read are the rows written.
    int first = 1 + fact.dimensions().size() + 1;
    return new FactBuild(counts.getLong(0), counts.getLong(0), counts.getInt(first - 1), unknown, dateRange(counts, first));
  }

  /** Marks the error a fact row without a partition value raises in the write, so it is told from other failures. */
  private static final String NO_PARTITION = "strata: a fact row has no partition value";

  private static String noPartition(String prefix, FactConfig fact, long rows) {
    return prefix + "partition-by: " + rows + " row(s) have no " + fact.partitionBy()
        + ", so they belong to no partition. Fix: partition by a column that is always set";
  }

  private static boolean causedBy(Throwable error, String marker) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause.getMessage() != null && cause.getMessage().contains(marker)) {
        return true;
      }
    }
    return false;
  }

  /** The first and last date of the date references, from pairs of yyyyMMdd keys starting at {@code from}. */
  private static Optional<LocalDate[]> dateRange(Row row, int from) {
    LocalDate first = null;
    LocalDate last = null;
    for (int i = from; i + 1 < row.length(); i += 2) {
      if (!row.isNullAt(i)) {
        LocalDate earliest = dateOfKey(row.getInt(i));
        LocalDate latest = dateOfKey(row.getInt(i + 1));
        first = first == null || earliest.isBefore(first) ? earliest : first;
        last = last == null || latest.isAfter(last) ? latest : last;
      }
    }
    return first == null ? Optional.empty() : Optional.of(new LocalDate[] {first, last});
  }

  /**
   * What one pass over a fact's source finds: its rows, the partitions they fall in and the dates
   * {@code dim_date} must cover (from the date keys: yyyyMMdd of the same dates, -1 for none). It
   * fails the fact when a grain value repeats (with examples) or a row has no partition value.
   */
  private record SourceShape(long rows, long partitions, Optional<LocalDate[]> dates) {
    static SourceShape of(Dataset<Row> source, FactConfig fact, String prefix) {
      // Grouped by the grain, which must hold: each group is then one row, and its values the row's.
      Column partition = DateKeys.day(source, fact.partitionBy());
      List<Column> perGroup = new ArrayList<>(List.of(count(lit(1)).as("count"), max(partition).as("_partition"),
          max(when(partition.isNull(), 1L).otherwise(0L)).as("_no_partition")));
      List<Column> overall = new ArrayList<>(List.of(sum(col("count")), max(col("count")), size(collect_set(col("_partition"))),
          sum(col("_no_partition"))));
      Dataset<Row> keyed = source;
      for (DateReference date : fact.dates()) {
        keyed = DateKeys.with(keyed, date);
      }
      for (int i = 0; i < fact.dates().size(); i++) {
        Column key = column(fact.dates().get(i).keyColumn());
        Column known = when(key.notEqual(lit(-1)), key);
        perGroup.add(min(known).as("_first_" + i));
        perGroup.add(max(known).as("_last_" + i));
        overall.add(min(col("_first_" + i)));
        overall.add(max(col("_last_" + i)));
      }
      Dataset<Row> perGrain = keyed.groupBy(columns(fact.grain())).agg(perGroup.get(0), perGroup.subList(1, perGroup.size()).toArray(Column[]::new));
      Row shape = perGrain.agg(overall.get(0), overall.subList(1, overall.size()).toArray(Column[]::new)).first();
      if (!shape.isNullAt(1) && shape.getLong(1) > 1) {
        List<String> shown = new ArrayList<>(fact.grain());
        shown.add("count");
        List<Row> duplicates = perGrain.filter(col("count").gt(1)).select(columns(shown)).limit(EXAMPLES).collectAsList();
        throw new StrataException(prefix + "grain: rows are not unique on " + fact.grain() + "; examples (grain values, rows): "
            + duplicates.stream().map(Row::toString).collect(Collectors.joining(", "))
            + ". Fix: add the missing column to grain, or deduplicate the source");
      }
      long nullPartitions = shape.isNullAt(3) ? 0 : shape.getLong(3);
      if (nullPartitions > 0) {
        throw new StrataException(noPartition(prefix, fact, nullPartitions));
      }
      return new SourceShape(shape.isNullAt(0) ? 0 : shape.getLong(0), shape.getInt(2), dateRange(shape, 4));
    }
  }

  private static String replaceWhere(Set<LocalDate> partitions) {
    return FactConfig.PARTITION_COLUMN + " IN (" + partitions.stream().sorted().map(date -> "DATE'" + date + "'")
        .collect(Collectors.joining(", ")) + ")";
  }

  /** What the write observed; should Spark not report it, the same counts read from the partitions written. */
  private static Row writtenCounts(SparkSession spark, Observation observed, String table, Optional<Set<LocalDate>> partitions,
      List<Column> counts, FactConfig fact) {
    return ObservedMetrics.await(observed, "fact " + fact.name() + "'s write", () -> {
      Dataset<Row> writtenRows = spark.read().format("delta").load(table);
      if (partitions.isPresent()) {
        writtenRows = writtenRows.where(replaceWhere(partitions.get()));
      }
      return writtenRows.agg(counts.get(0), counts.subList(1, counts.size()).toArray(Column[]::new)).first();
    });
  }

  /** The date a {@code yyyyMMdd} date key stands for. */
  static LocalDate dateOfKey(int key) {
    return LocalDate.of(key / 10_000, key / 100 % 100, key % 100);
  }

  /** Delta's table property of the columns it keeps file statistics of; set when the table is created. */
  static final String STATS_COLUMNS_PROPERTY = "delta.dataSkippingStatsColumns";

  /**
   * The columns Delta keeps file statistics of: the keys a query of the fact filters on (dimension
   * and date keys, the grain, degenerate columns), not the measures. Statistics cost a write per
   * column per row (the e2e fact's four measures are decimals, whose comparisons are slow).
   */
  static String statsColumns(FactConfig fact) {
    List<String> columns = new ArrayList<>(outputColumns(fact));
    columns.removeAll(fact.measures().stream().filter(measure -> !fact.grain().contains(measure) && !fact.degenerate().contains(measure)).toList());
    columns.remove(FactConfig.PARTITION_COLUMN);
    return columns.stream().map(io.strata.jobs.spark.SqlIdentifiers::quoted).collect(Collectors.joining(","));
  }

  /** The fact table's columns, in order. */
  static List<String> outputColumns(FactConfig fact) {
    LinkedHashSet<String> output = new LinkedHashSet<>();
    fact.dimensions().forEach(reference -> output.add(reference.keyColumn()));
    fact.dates().forEach(date -> output.add(date.keyColumn()));
    output.addAll(fact.grain());
    output.addAll(fact.degenerate());
    output.addAll(fact.measures());
    output.add(FactConfig.PARTITION_COLUMN);
    return List.copyOf(output);
  }

  /** Adds {@code <reference>_key}: the member version whose natural key matches, valid at the event time. */
  private static Dataset<Row> lookUp(SparkSession spark, Dataset<Row> rows, DimensionReference reference, DimensionConfig dimension,
      LakeLayout layout, Map<String, Long> dimensionVersions) {
    String location = layout.curated(dimension.name()).uri();
    if (!TableLog.exists(spark, location)) {
      throw new StrataException("model.facts: dimension " + dimension.name() + " has no table yet. Fix: build the dimensions first");
    }
    String side = "_" + reference.name() + "_";
    List<Column> picked = new ArrayList<>(List.of(col(dimension.keyColumn()).as(side + "key")));
    for (int i = 0; i < dimension.naturalKey().size(); i++) {
      picked.add(column(dimension.naturalKey().get(i)).as(side + i));
    }
    Long version = dimensionVersions.get(dimension.name());
    Dataset<Row> members = (version == null ? spark.read().format("delta").load(location) : DeltaTables.at(spark, location, version))
        .filter(col(dimension.keyColumn()).notEqual(DimensionColumns.UNKNOWN_KEY));
    boolean pointInTime = dimension.scdType() == 2 && reference.eventTime().isPresent();
    if (pointInTime) {
      picked.add(col(EFFECTIVE_FROM).as(side + "from"));
      picked.add(col(EFFECTIVE_TO).as(side + "to"));
    } else if (dimension.scdType() == 2) {
      members = members.filter(col(IS_CURRENT));
    }
    Dataset<Row> versions = members.select(picked.toArray(Column[]::new));
    Column matches = lit(true);
    for (int i = 0; i < reference.columns().size(); i++) {
      matches = matches.and(column(reference.columns().get(i)).equalTo(col(side + i)));
    }
    if (pointInTime) {
      Column time = column(reference.eventTime().get()).cast("timestamp");
      matches = matches.and(col(side + "from").leq(time)).and(time.lt(col(side + "to")));
    }
    Dataset<Row> joined = rows.join(versions, matches, "left")
        .withColumn(reference.keyColumn(), coalesce(col(side + "key"), lit(DimensionColumns.UNKNOWN_KEY)));
    return joined.drop(versions.columns());
  }

  /** The source columns a build reads, each once, in the order the config names them. */
  static List<String> inputColumns(FactConfig fact) {
    LinkedHashSet<String> input = new LinkedHashSet<>(fact.grain());
    input.addAll(fact.measures());
    input.addAll(fact.degenerate());
    input.add(fact.partitionBy());
    for (DimensionReference reference : fact.dimensions()) {
      input.addAll(reference.columns());
      reference.eventTime().ifPresent(input::add);
    }
    fact.dates().forEach(date -> input.add(date.column()));
    return List.copyOf(input);
  }

  static void requireColumns(Dataset<Row> source, FactConfig fact, String prefix) {
    ModelSources.require(source, prefix + "grain", fact.grain());
    ModelSources.require(source, prefix + "measures", fact.measures());
    ModelSources.require(source, prefix + "degenerate", fact.degenerate());
    ModelSources.require(source, prefix + "partition-by", List.of(fact.partitionBy()));
    for (DimensionReference reference : fact.dimensions()) {
      ModelSources.require(source, prefix + "dimensions." + reference.name() + ".columns", reference.columns());
      ModelSources.require(source, prefix + "dimensions." + reference.name() + ".event-time",
          reference.eventTime().map(List::of).orElse(List.of()));
    }
    for (DateReference date : fact.dates()) {
      ModelSources.require(source, prefix + "dates." + date.name(), List.of(date.column()));
    }
  }
}
