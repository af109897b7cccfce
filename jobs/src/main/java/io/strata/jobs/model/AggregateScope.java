package io.strata.jobs.model;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;

import io.strata.jobs.delta.DeltaChanges;
import io.strata.layout.config.AggregateConfig;
import io.strata.layout.config.DateDimensionConfig;
import io.strata.layout.config.DateReference;
import io.strata.layout.config.FactConfig;
import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The groups of an aggregate that changes since its watermarks touch: those of the fact rows in the
 * partitions the fact's commits replaced (as they were, and as they are), and those of the fact rows
 * whose dimension member now shows other values in a grain column (a type-1 overwrite, an SCD1
 * change, a restated SCD2 member, a dim_date that gained the day). Recomputing exactly these groups
 * gives what a full rebuild gives.
 *
 * @param groups the affected groups' grain values, held in memory
 * @param groupCount how many groups
 * @param partitions how many fact partitions changed
 * @param members how many dimension rows show changed values
 * @param factFilter the fact partitions that hold every row of the groups, when the grain tells (it includes day-level columns of the
 *     partition date); empty means every partition may
 */
record AggregateScope(Dataset<Row> groups, long groupCount, int partitions, long members, Optional<Column> factFilter) {

  /** The watermarks cannot tell what changed (the fact's history has a schema change or a cleaned-up commit). */
  static final class Unavailable extends RuntimeException {
    Unavailable(String message) {
      super(message);
    }
  }

  static AggregateScope of(SparkSession spark, AggregateInputs inputs, AggregateConfig aggregate, String factLocation,
      Map<String, Long> before, Map<String, Long> now) {
    FactConfig fact = inputs.fact();
    List<String> grain = aggregate.grain().stream().map(AggregateConfig.Grain::name).toList();
    Column[] grainColumns = DimensionColumns.columns(grain);
    Optional<Set<String>> changed = DeltaChanges.partitionsChanged(spark, factLocation, before.get(fact.name()), now.get(fact.name()),
        FactConfig.PARTITION_COLUMN);
    if (changed.isEmpty()) {
      throw new Unavailable("the history of " + fact.name() + " since version " + before.get(fact.name())
          + " cannot tell which partitions changed");
    }
    // Old rows of changed partitions with today's dimension values: a member whose values changed is covered below.
    List<Dataset<Row>> parts = new ArrayList<>();
    if (!changed.get().isEmpty()) {
      Column inChanged = col(FactConfig.PARTITION_COLUMN).cast("string").isin(changed.get().toArray());
      Dataset<Row> rows = inputs.at(fact.name(), before).filter(inChanged).union(inputs.at(fact.name(), now).filter(inChanged));
      parts.add(inputs.joined(rows, now).select(grainColumns));
    }
    long members = 0;
    List<Dataset<Row>> changedKeys = new ArrayList<>();
    List<String> changedReferences = new ArrayList<>();
    for (Map.Entry<String, String> reference : inputs.references().entrySet()) {
      String table = reference.getValue();
      if (before.get(table).equals(now.get(table))) {
        continue;
      }
      io.strata.jobs.spark.HeldRows held = io.strata.jobs.spark.HeldRows.counted(changedKeys(inputs.lookup(reference.getKey(), table,
          before.get(table)), inputs.lookup(reference.getKey(), table, now.get(table)), AggregateInputs.lookupKey(reference.getKey())));
      Dataset<Row> keys = held.rows();
      long count = held.count();
      if (count > 0) {
        members += count;
        changedKeys.add(keys);
        changedReferences.add(reference.getKey());
      }
    }
    if (!changedKeys.isEmpty()) {
      // The rows of the members whose values changed, as they were grouped and as they are.
      for (Map<String, Long> versions : List.of(before, now)) {
        Dataset<Row> factRows = inputs.at(fact.name(), versions);
        Dataset<Row> touched = null;
        for (int i = 0; i < changedKeys.size(); i++) {
          Dataset<Row> keys = changedKeys.get(i);
          Dataset<Row> rows = factRows.join(keys, factRows.col(changedReferences.get(i) + "_key").equalTo(keys.col(AggregateInputs.lookupKey(
              changedReferences.get(i)))), "left_semi");
          touched = touched == null ? rows : touched.union(rows);
        }
        parts.add(inputs.joined(touched, versions).select(grainColumns));
      }
    }
    if (parts.isEmpty()) {
      return new AggregateScope(inputs.joined(now, Optional.empty()).select(grainColumns).limit(0).localCheckpoint(), 0, 0, 0,
          Optional.empty());
    }
    io.strata.jobs.spark.HeldRows groups = io.strata.jobs.spark.HeldRows.counted(parts.stream().reduce(Dataset::union).orElseThrow()
        .distinct());
    return new AggregateScope(groups.rows(), groups.count(), changed.get().size(), members, partitionsOf(inputs, aggregate, groups.rows(),
        now));
  }

  /** The keys whose row differs between two versions of a lookup (or is in one only): one full outer join. */
  private static Dataset<Row> changedKeys(Dataset<Row> old, Dataset<Row> current, String key) {
    Column same = lit(true);
    for (String column : old.columns()) {
      same = same.and(old.col(column).eqNullSafe(current.col(column)));
    }
    return old.join(current, old.col(key).equalTo(current.col(key)), "full_outer").filter(not(same))
        .select(org.apache.spark.sql.functions.coalesce(old.col(key), current.col(key)).as(key)).distinct();
  }

  /**
   * The partition dates whose rows can fall in {@code groups}: when the grain holds dim_date columns
   * of the date the fact is partitioned by, the days of dim_date with those values.
   */
  private static Optional<Column> partitionsOf(AggregateInputs inputs, AggregateConfig aggregate, Dataset<Row> groups,
      Map<String, Long> now) {
    FactConfig fact = inputs.fact();
    Optional<String> partitionDate = fact.dates().stream().filter(date -> date.column().equals(fact.partitionBy()))
        .map(DateReference::name).findFirst();
    if (partitionDate.isEmpty()) {
      return Optional.empty();
    }
    List<AggregateConfig.Grain> dateGrain = aggregate.grain().stream().filter(grain -> grain.column().table()
        .equals(DateDimensionConfig.TABLE) && grain.column().reference().equals(partitionDate)).toList();
    if (dateGrain.isEmpty()) {
      return Optional.empty();
    }
    // One query: each group's date grain with the days of dim_date that have it (none for a null grain value).
    Dataset<Row> days = inputs.at(DateDimensionConfig.TABLE, now);
    Dataset<Row> grains = groups.select(dateGrain.stream().map(grain -> DimensionColumns.column(grain.name())).toArray(Column[]::new))
        .distinct();
    Column matches = lit(true);
    Column anyNull = lit(false);
    for (AggregateConfig.Grain grain : dateGrain) {
      matches = matches.and(days.col(grain.column().column()).equalTo(grains.col(grain.name())));
      anyNull = anyNull.or(grains.col(grain.name()).isNull());
    }
    // A row's date key and its partition date come from the same column but through different conversions (a string
    // with an offset, read in the session's time zone, can land on the next or previous day): take the neighbours too.
    java.util.Set<Date> dates = new java.util.TreeSet<>();
    for (Row row : grains.join(days, matches, "left").select(anyNull.as("_null"), days.col("date")).distinct().collectAsList()) {
      if (row.getBoolean(0)) {
        return Optional.empty(); // a day dim_date did not hold: its rows cannot be found through dim_date
      }
      if (row.isNullAt(1)) {
        continue;
      }
      java.time.LocalDate day = row.getDate(1).toLocalDate();
      for (int offset = -1; offset <= 1; offset++) {
        dates.add(Date.valueOf(day.plusDays(offset)));
      }
    }
    return Optional.of(col(FactConfig.PARTITION_COLUMN).isin(dates.toArray()));
  }
}
