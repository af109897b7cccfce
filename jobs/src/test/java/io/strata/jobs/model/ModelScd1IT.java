package io.strata.jobs.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.jobs.stage.StageResult;
import io.strata.layout.config.DimensionConfig;
import io.strata.layout.config.ModelConfig;
import io.strata.layout.config.ModelSource;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An SCD1 dimension: attributes overwritten in place, members keep their keys, new members get the next ones. */
class ModelScd1IT {
  private static final LocalDate DAY1 = LocalDate.of(2026, 3, 1);
  private static final LocalDate DAY2 = LocalDate.of(2026, 3, 2);

  @TempDir Path dir;

  @Test
  void overwritesAttributesInPlaceAndKeepsKeys() {
    DimensionConfig store = new DimensionConfig("dim_store", ModelSource.entity("stores"), List.of("store_id"), 1, List.of(), List.of(),
        List.of(), Optional.empty(), false);
    ModelTesting model = new ModelTesting(dir.resolve("lake").toUri().toString(),
        new ModelConfig(Map.of("dim_store", store), Optional.empty(), Map.of()), "stores");
    model.processed("stores", "SELECT * FROM VALUES (2, 'North', 'Oslo', TIMESTAMP'2026-03-01 00:00:00'), "
        + "(1, 'South', 'Rome', TIMESTAMP'2026-03-01 00:00:00') AS t(store_id, name, city, _processed_at)");
    model.run(DAY1);
    model.processed("stores", "SELECT * FROM VALUES (2, 'North', 'Bergen', TIMESTAMP'2026-03-02 00:00:00'), "
        + "(1, 'South', 'Rome', TIMESTAMP'2026-03-02 00:00:00'), (3, 'East', CAST(NULL AS STRING), TIMESTAMP'2026-03-02 00:00:00') "
        + "AS t(store_id, name, city, _processed_at)");

    StageResult second = model.run(DAY2).get(0);
    StageResult again = model.run(DAY2).get(0);

    assertThat(model.rows("dim_store", "dim_store_key", "store_id", "name", "city")).containsExactly(
        "-1|null|null|null", "1|1|South|Rome", "2|2|North|Bergen", "3|3|East|null");
    assertThat(model.table("dim_store").columns()).containsExactly("dim_store_key", "store_id", "name", "city", "row_hash");
    assertThat(second.metrics()).containsEntry("inserted", 1L).containsEntry("updated", 1L);
    assertThat(again.rowsWritten()).isZero();
  }
}
