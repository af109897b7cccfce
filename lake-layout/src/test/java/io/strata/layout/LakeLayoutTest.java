package io.strata.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class LakeLayoutTest {
  private final LakeLayout s3 = new LakeLayout(URI.create("s3a://lake-bucket/retail/"));
  private final LakeLayout local = new LakeLayout(URI.create("file:/tmp/lake"));

  @Test
  void placesEveryLayerUnderTheRoot() {
    assertThat(s3.root().uri()).isEqualTo("s3a://lake-bucket/retail");
    assertThat(s3.rawBatch("shop_db", "orders", LocalDate.of(2026, 3, 1), "20260301T120000-ab12").uri())
        .isEqualTo("s3a://lake-bucket/retail/raw/shop_db/orders/ingest_date=2026-03-01/batch_id=20260301T120000-ab12");
    assertThat(s3.rawEntity("shop_db", "orders").uri()).isEqualTo("s3a://lake-bucket/retail/raw/shop_db/orders");
    assertThat(s3.processed("orders").uri()).isEqualTo("s3a://lake-bucket/retail/processed/orders");
    assertThat(s3.curated("dim_customer").uri()).isEqualTo("s3a://lake-bucket/retail/curated/dim_customer");
    assertThat(s3.quarantine(Layer.PROCESSED, "orders").uri()).isEqualTo("s3a://lake-bucket/retail/quarantine/processed/orders");
    assertThat(s3.quarantineBatch(Layer.RAW, "shop_db", LocalDate.of(2026, 3, 1), "r1").uri())
        .isEqualTo("s3a://lake-bucket/retail/quarantine/raw/shop_db/ingest_date=2026-03-01/batch_id=r1");
    assertThat(s3.sourceState("shop_db").uri()).isEqualTo("s3a://lake-bucket/retail/_state/sources/shop_db");
    assertThat(s3.modelState("fact_sales").uri()).isEqualTo("s3a://lake-bucket/retail/_state/model/fact_sales");
    assertThat(s3.state("watermarks").uri()).isEqualTo("s3a://lake-bucket/retail/_state/watermarks");
    assertThat(s3.runLog("pipeline_executions").uri()).isEqualTo("s3a://lake-bucket/retail/_runs/pipeline_executions");
    assertThat(s3.isS3()).isTrue();
  }

  @Test
  void keepsEachPipelinesLocksApartPerStageAndTarget() {
    assertThat(s3.lock("shop", "ingest", "orders_files").uri()).isEqualTo("s3a://lake-bucket/retail/_locks/shop/ingest/orders_files");
    assertThat(s3.lock("shop", "model", LakeLayout.WHOLE_STAGE_LOCK).uri()).isEqualTo("s3a://lake-bucket/retail/_locks/shop/model/_all");
    assertThat(local.locks("shop").uri()).isEqualTo("file:///tmp/lake/_locks/shop");
    assertThatThrownBy(() -> s3.lock("shop", "ingest", "../x")).hasMessageContaining("lock target '../x' is not a lake name");
  }

  @Test
  void normalizesLocalRootsToTripleSlashFileUris() {
    assertThat(local.processed("customers").uri()).isEqualTo("file:///tmp/lake/processed/customers");
    assertThat(local.isS3()).isFalse();
  }

  @Test
  void defaultRetentionFollowsTheLayers() {
    assertThat(Layer.RAW.defaultRetentionDays()).hasValue(90);
    assertThat(Layer.PROCESSED.defaultRetentionDays()).hasValue(180);
    assertThat(Layer.CURATED.defaultRetentionDays()).hasValue(365);
    assertThat(Layer.STATE.defaultRetentionDays()).isEmpty();
    assertThat(Layer.RUN_LOG.configName()).isEqualTo("run-log");
  }

  @Test
  void rejectsNamesThatWouldEscapeOrConfuseTheLayout() {
    assertThatThrownBy(() -> s3.processed("../curated"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("entity '../curated' is not a lake name");
    assertThatThrownBy(() -> s3.curated("DimCustomer")).hasMessageContaining("table 'DimCustomer'");
    assertThatThrownBy(() -> s3.rawBatch("db", "orders", LocalDate.of(2026, 1, 1), "a/b"))
        .hasMessageContaining("batch id 'a/b'");
    assertThatThrownBy(() -> new LakeLayout(URI.create("hdfs://nn/lake"))).hasMessageContaining("file:// or s3a://");
    assertThatThrownBy(() -> s3.quarantine(Layer.STATE, "x")).hasMessageContaining("data layers only");
  }

  @Test
  void hasNoSparkOnItsClasspath() {
    // The enforcer bans the dependency; this proves nothing reached the module another way.
    assertThatThrownBy(() -> Class.forName("org.apache.spark.sql.SparkSession"))
        .isInstanceOf(ClassNotFoundException.class);
    assertThatThrownBy(() -> Class.forName("org.apache.hadoop.fs.FileSystem"))
        .isInstanceOf(ClassNotFoundException.class);
  }
}
