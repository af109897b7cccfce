package io.strata.jobs.delta;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.jobs.testing.TestingSpark;
import io.strata.layout.ModelWatermarks;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A table created without Delta's change data feed gets it once; its properties are read from the log. */
class ChangeFeedSwitchIT {
  private final SparkSession spark = TestingSpark.session();
  @TempDir
  Path dir;

  @Test
  void theFeedIsTurnedOnOnceAndThePropertiesComeFromTheLog() {
    String location = dir.resolve("table").toUri().toString();
    spark.sql("SELECT 1L AS id").write().format("delta").option("delta.appendOnly", "false").save(location);
    assertThat(TableLog.properties(spark, location)).containsEntry("delta.appendOnly", "false")
        .doesNotContainKey(ModelWatermarks.CHANGE_FEED_PROPERTY);
    assertThat(ChangeFeedSwitch.isOn(spark, location)).isFalse();

    assertThat(ChangeFeedSwitch.ensureOn(spark, location)).as("turned on by this call").isTrue();
    assertThat(ChangeFeedSwitch.isOn(spark, location)).isTrue();
    assertThat(TableLog.properties(spark, location)).containsEntry(ModelWatermarks.CHANGE_FEED_PROPERTY, "true");
    assertThat(TableLog.latestVersion(spark, location)).isEqualTo(1);

    assertThat(ChangeFeedSwitch.ensureOn(spark, location)).as("already on: nothing to commit").isFalse();
    assertThat(TableLog.latestVersion(spark, location)).isEqualTo(1);
  }
}
