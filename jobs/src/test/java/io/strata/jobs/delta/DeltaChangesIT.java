package io.strata.jobs.delta;

import static org.assertj.core.api.Assertions.assertThat;

import io.delta.tables.DeltaTable;
import io.strata.jobs.testing.TestingSpark;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which partitions commits touched: a comments-only commit (tagged by Strata) hides nothing and
 * forces no whole-table reload, any other metadata change still does.
 */
class DeltaChangesIT {
  @TempDir Path dir;

  @Test
  void aCommentsOnlyCommitLeavesThePartitionsExactAndASchemaChangeDoesNot() {
    SparkSession spark = TestingSpark.session();
    String location = dir.resolve("fact").toUri().toString();
    spark.sql("SELECT 1L AS id, 'a' AS day UNION ALL SELECT 2L, 'b'").write().format("delta").partitionBy("day").save(location);
    long first = version(spark, location);

    CommitTag.tagged(spark, CommitTag.COMMENTS_ONLY, () -> spark.sql("ALTER TABLE delta.`" + location + "` ALTER COLUMN id COMMENT 'order number'"));
    spark.sql("SELECT 3L AS id, 'b' AS day").write().format("delta").mode("append").save(location);
    long afterAppend = version(spark, location);

    assertThat(DeltaChanges.partitionsChanged(spark, location, first, afterAppend, "day")).hasValue(Set.of("b"));
    assertThat(DeltaChanges.partitionsWritten(spark, location, first, afterAppend, List.of("day"))).hasValue(Set.of(List.of("b")));

    spark.sql("ALTER TABLE delta.`" + location + "` ADD COLUMNS (note STRING)");
    spark.sql("SELECT 4L AS id, 'a' AS day, 'x' AS note").write().format("delta").mode("append").save(location);
    assertThat(DeltaChanges.partitionsChanged(spark, location, afterAppend, version(spark, location), "day"))
        .as("a new column: the warehouse needs the whole table").isEmpty();
  }

  private static long version(SparkSession spark, String location) {
    return DeltaTable.forPath(spark, location).history(1).first().getLong(0);
  }
}
