package io.strata.jobs.model;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.layout.StrataException;
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

/** What only the run can find out about a source: the columns of a SQL query, and whether the entity has a table. */
class ModelSourcesIT {
  private static final LocalDate DAY1 = LocalDate.of(2026, 3, 1);

  @TempDir Path dir;

  private ModelTesting model(ModelSource source) {
    DimensionConfig customer = new DimensionConfig("dim_customer", source, List.of("customer_id"), 2, List.of("city"), List.of(),
        List.of(), Optional.empty(), false);
    return new ModelTesting(dir.resolve("lake").toUri().toString(),
        new ModelConfig(Map.of("dim_customer", customer), Optional.empty(), Map.of()), "customers");
  }

  @Test
  void aSqlSourceWithoutATrackedColumnFailsNamingTheKey() {
    ModelTesting model = model(ModelSource.sql("SELECT customer_id, upper(city) AS town FROM customers"));
    model.processed("customers", "SELECT 1L AS customer_id, 'Paris' AS city");

    assertThatThrownBy(() -> model.run(DAY1))
        .isInstanceOf(StrataException.class)
        .hasMessage("model.dimensions.dim_customer.tracked: column 'city' is not in the source; its columns are customer_id, town. "
            + "Fix: select it in the source, or correct model.dimensions.dim_customer.tracked");
  }

  @Test
  void anEntityWithoutAProcessedTableFailsNamingTheKey() {
    ModelTesting model = model(ModelSource.entity("customers"));

    assertThatThrownBy(() -> model.run(DAY1))
        .isInstanceOf(StrataException.class)
        .hasMessage("model.dimensions.dim_customer.source: processed entity 'customers' has no table yet; run the process stage first");
  }

  @Test
  void aSqlSourceThatDoesNotRunFailsNamingTheKey() {
    ModelTesting model = model(ModelSource.sql("SELECT customer_id, city FROM nowhere"));

    assertThatThrownBy(() -> model.run(DAY1))
        .isInstanceOf(StrataException.class)
        .hasMessageStartingWith("model.dimensions.dim_customer.sql: the query does not run: ")
        .hasMessageContaining("nowhere")
        .hasMessageEndingWith("Fix: select from processed entities by name (each is a view)");
  }
}
