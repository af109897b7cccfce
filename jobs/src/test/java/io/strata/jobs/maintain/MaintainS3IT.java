package io.strata.jobs.maintain;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.jobs.stage.StageResult;
import io.strata.jobs.testing.TestingS3Server;
import io.strata.jobs.testing.TestingSpark;
import io.strata.layout.LakeLayout;
import io.strata.layout.LakeLocation;
import io.strata.layout.Layer;
import io.strata.layout.config.MaintenanceConfig;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;

/** Raw retention on an s3a:// lake: partitions are prefixes there, deleted through S3A. */
class MaintainS3IT {
  @Test
  void deletesExpiredRawPartitionsOnS3() throws Exception {
    String root = "s3a://" + TestingS3Server.shared().bucket(TestingSpark.LAKE_BUCKET) + "/maintain-" + UUID.randomUUID();
    MaintainTesting lake = new MaintainTesting(root, Map.of(Layer.RAW, 7), MaintenanceConfig.defaults());
    LakeLayout layout = lake.config.lake().layout();
    Path expired = partition(layout.rawEntity("shop_db", "customers"), LocalDate.of(2026, 3, 23));
    Path atLimit = partition(layout.rawEntity("shop_db", "customers"), LocalDate.of(2026, 3, 24));
    FileSystem fs = expired.getFileSystem(TestingSpark.session().sparkContext().hadoopConfiguration());

    List<StageResult> results = lake.maintain(LocalDate.of(2026, 3, 31), false);

    assertThat(fs.exists(expired)).isFalse();
    assertThat(fs.exists(new Path(atLimit, "batch_id=b1/part-00000.parquet"))).isTrue();
    assertThat(lake.result(results, "raw/shop_db/customers").metrics()).containsEntry("partitions_expired", 1L)
        .containsEntry("files_expired", 1L);
  }

  private static Path partition(LakeLocation area, LocalDate date) throws Exception {
    Path partition = new Path(area.uri() + "/ingest_date=" + date);
    Path file = new Path(partition, "batch_id=b1/part-00000.parquet");
    FileSystem fs = file.getFileSystem(TestingSpark.session().sparkContext().hadoopConfiguration());
    try (FSDataOutputStream stream = fs.create(file)) {
      stream.writeBytes("rows of " + date);
    }
    return partition;
  }
}
