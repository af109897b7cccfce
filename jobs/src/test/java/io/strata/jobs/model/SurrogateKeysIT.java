package io.strata.jobs.model;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.strata.jobs.testing.TestingSpark;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** New surrogate keys follow the greatest one in the given order, whether a window or a sort numbers them; kept keys stay. */
class SurrogateKeysIT {
  private static Dataset<Row> versions() {
    // Members 3 and 1 keep their keys; the others get new ones in (member, valid from) order, whatever the input order.
    return TestingSpark.session().sql("""
        SELECT * FROM VALUES
          (CAST(NULL AS BIGINT), 9L, '2026-03-02'), (7L, 3L, '2026-03-01'), (CAST(NULL AS BIGINT), 2L, '2026-03-05'),
          (CAST(NULL AS BIGINT), 9L, '2026-03-01'), (4L, 1L, '2026-03-01'), (CAST(NULL AS BIGINT), 2L, '2026-03-01'),
          (CAST(NULL AS BIGINT), 5L, '2026-03-03')
        AS t(dim_key, member, valid_from)
        """).repartition(3);
  }

  private static List<Row> assigned(long windowMaxRows) {
    List<Column> order = List.of(col("member"), col("valid_from"));
    return SurrogateKeys.assign(versions(), "dim_key", 10L, order, windowMaxRows).orderBy("member", "valid_from").collectAsList();
  }

  @Test
  void newKeysFollowTheGreatestInMemberAndTimeOrderEitherWay() {
    Object[][] expected = {{4L, 1L, "2026-03-01"}, {11L, 2L, "2026-03-01"}, {12L, 2L, "2026-03-05"}, {7L, 3L, "2026-03-01"},
        {13L, 5L, "2026-03-03"}, {14L, 9L, "2026-03-01"}, {15L, 9L, "2026-03-02"}};
    for (long windowMaxRows : new long[] {SurrogateKeys.WINDOW_NUMBERING_MAX_ROWS, 0}) {
      assertThat(assigned(windowMaxRows)).as("numbered with a window up to %d rows", windowMaxRows)
          .extracting(row -> row.getAs("dim_key"), row -> row.getAs("member"), row -> row.getAs("valid_from"))
          .containsExactly(java.util.Arrays.stream(expected).map(values -> tuple(values)).toArray(org.assertj.core.groups.Tuple[]::new));
    }
  }
}
