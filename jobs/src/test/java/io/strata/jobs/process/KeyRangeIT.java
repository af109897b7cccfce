package io.strata.jobs.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.jobs.testing.TestingSpark;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The key range that lets a MERGE skip stored files: it keeps every stored row an incoming key can match. */
class KeyRangeIT {
  private static final StructType KEYS = new StructType().add("id", DataTypes.LongType).add("region", DataTypes.StringType);

  private static Dataset<Row> rows(Object[]... rows) {
    return TestingSpark.session().createDataFrame(java.util.Arrays.stream(rows).map(RowFactory::create).toList(), KEYS);
  }

  private static List<String> kept(Dataset<Row> stored, KeyRange range) {
    return stored.filter(range.condition("")).orderBy("id", "region").collectAsList().stream()
        .map(row -> row.get(0) + "/" + row.get(1)).toList();
  }

  private static final Dataset<Row> STORED = rows(new Object[] {1L, "eu"}, new Object[] {3L, "eu"}, new Object[] {5L, "us"},
      new Object[] {7L, "us"}, new Object[] {9L, "eu"}, new Object[] {null, "eu"});

  @Test
  void keepsTheStoredRowsInsideTheIncomingKeysRange() {
    KeyRange range = KeyRange.of(rows(new Object[] {7L, "us"}, new Object[] {3L, "eu"}), List.of("`id`", "`region`"));

    assertThat(kept(STORED, range)).containsExactly("3/eu", "5/us", "7/us");
  }

  @Test
  void aKeyColumnWithNullsAmongTheIncomingRowsGetsNoBound() {
    KeyRange range = KeyRange.of(rows(new Object[] {null, "eu"}, new Object[] {5L, "eu"}), List.of("`id`", "`region`"));

    assertThat(kept(STORED, range)).containsExactly("null/eu", "1/eu", "3/eu", "9/eu");
  }

  @Test
  void aRangeCountedInAnotherPassCoversOnlyTheRowsItIsTakenAmong() {
    Dataset<Row> incoming = rows(new Object[] {7L, "us"}, new Object[] {3L, "eu"}, new Object[] {null, "eu"}, new Object[] {100L, "us"});
    List<String> keys = List.of("`id`", "`region`");
    List<org.apache.spark.sql.Column> aggregates = KeyRange.aggregates(keys, functions.col("id").lt(50));
    Row pass = incoming.agg(functions.count(functions.lit(1)), aggregates.toArray(org.apache.spark.sql.Column[]::new)).head();

    assertThat(pass.getLong(0)).isEqualTo(4);
    assertThat(kept(STORED, KeyRange.from(pass, 1, keys))).containsExactly("3/eu", "5/us", "7/us");
  }

  @Test
  void noIncomingRowsBoundNothing() {
    KeyRange range = KeyRange.of(rows().limit(0), List.of("`id`"));

    assertThat(kept(STORED, range)).hasSize(6);
  }
}
