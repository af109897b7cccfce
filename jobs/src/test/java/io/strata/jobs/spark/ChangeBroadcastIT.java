package io.strata.jobs.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.jobs.testing.TestingSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class ChangeBroadcastIT {
  @Test
  void aSmallChangeMeetsTheWholeTableThroughABroadcastAndALargeOneIsLeftToSpark() {
    SparkSession spark = TestingSpark.session().newSession(); // its own settings: the shared session's stay as they are
    // Spark would broadcast test-sized tables by itself; without its size threshold only the mark can.
    spark.conf().set("spark.sql.autoBroadcastJoinThreshold", "-1");
    Dataset<Row> table = spark.range(10_000).toDF("id");
    Dataset<Row> change = spark.range(0, 40, 4).toDF("id").localCheckpoint();

    Dataset<Row> small = table.join(ChangeBroadcast.ifSmall(change, 10), "id");
    Dataset<Row> large = table.join(ChangeBroadcast.ifSmall(change, 10_000_000), "id");

    assertThat(small.queryExecution().executedPlan().toString()).contains("BroadcastHashJoin").doesNotContain("SortMergeJoin");
    assertThat(large.queryExecution().executedPlan().toString()).contains("SortMergeJoin").doesNotContain("BroadcastHashJoin");
    assertThat(small.count()).isEqualTo(10);
    assertThat(large.count()).isEqualTo(10);
  }

  @Test
  void theLimitIsEstimatedBytesSoWideRowsBroadcastFewer() {
    assertThat(ChangeBroadcast.isSmall(100_000, 100)).isTrue();
    assertThat(ChangeBroadcast.isSmall(100_000, 1_000)).isFalse();
    assertThat(ChangeBroadcast.isSmall(2_000_000, 8)).isTrue();
    assertThat(ChangeBroadcast.isSmall(3_000_000, 8)).isFalse();
    assertThat(ChangeBroadcast.isSmall(0, 0)).isTrue();
  }
}
