package io.strata.jobs.model;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.jobs.testing.TestingSpark;
import io.strata.layout.StrataException;
import io.strata.layout.config.DimensionConfig;
import io.strata.layout.config.ModelSource;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** The checks that refuse to commit an inconsistent SCD2 history, each naming the key and the violation. */
class ModelScd2InvariantsIT {
  private static final DimensionConfig CUSTOMER = new DimensionConfig("dim_customer", ModelSource.entity("customers"),
      List.of("customer_id"), 2, List.of("city"), List.of(), List.of(), Optional.empty(), false);

  private static Dataset<Row> versions(String... rows) {
    return TestingSpark.session().sql("SELECT dim_customer_key, customer_id, city, TIMESTAMP(effective_from) AS effective_from, "
        + "TIMESTAMP(effective_to) AS effective_to, is_current, version, is_deleted FROM VALUES " + String.join(", ", rows)
        + " AS t(dim_customer_key, customer_id, city, effective_from, effective_to, is_current, version, is_deleted)");
  }

  @Test
  void acceptsAConsistentHistory() {
    assertThatCode(() -> Scd2Invariants.check(versions(
        "(-1L, NULL, NULL, '1900-01-01', '9999-12-31 23:59:59', true, 1, false)",
        "(1L, 7L, 'Paris', '2026-03-01', '2026-03-02', false, 1, true)",
        "(2L, 7L, 'Paris', '2026-03-05', '9999-12-31 23:59:59', true, 2, false)",
        "(3L, 8L, 'Rome', '2026-03-01', '2026-03-02', false, 1, true)"), CUSTOMER)).doesNotThrowAnyException();
  }

  @Test
  void refusesTwoCurrentRows() {
    assertThatThrownBy(() -> Scd2Invariants.check(versions(
        "(1L, 7L, 'Paris', '2026-03-01', '9999-12-31 23:59:59', true, 1, false)",
        "(2L, 7L, 'Lyon', '9999-12-31 23:59:59', '9999-12-31 23:59:59', true, 2, false)"), CUSTOMER))
        .isInstanceOf(StrataException.class)
        .hasMessageStartingWith("model.dimensions.dim_customer: refusing to commit, the SCD2 history is inconsistent: ")
        .hasMessageContaining("key (customer_id=7): 2 current rows, expected 1");
  }

  @Test
  void refusesOverlapsGapsAndEmptyIntervals() {
    assertThatThrownBy(() -> Scd2Invariants.check(versions(
        "(1L, 7L, 'Paris', '2026-03-01', '2026-03-03', false, 1, false)",
        "(2L, 7L, 'Lyon', '2026-03-02', '9999-12-31 23:59:59', true, 2, false)",
        "(3L, 8L, 'Rome', '2026-03-01', '2026-03-02', false, 1, false)",
        "(4L, 8L, 'Oslo', '2026-03-04', '2026-03-04', false, 2, false)",
        "(5L, 8L, 'Bern', '2026-03-04', '9999-12-31 23:59:59', true, 3, false)"), CUSTOMER))
        .isInstanceOf(StrataException.class)
        .hasMessageContaining("key (customer_id=7): overlapping intervals, one ends at 2026-03-03 00:00:00 but the next starts at 2026-03-02 00:00:00")
        .hasMessageContaining("key (customer_id=8): gap between 2026-03-02 00:00:00 and 2026-03-04 00:00:00")
        .hasMessageContaining("key (customer_id=8): empty interval from 2026-03-04 00:00:00 to 2026-03-04 00:00:00");
  }

  @Test
  void refusesADuplicateSurrogateKey() {
    assertThatThrownBy(() -> Scd2Invariants.check(versions(
        "(1L, 7L, 'Paris', '2026-03-01', '9999-12-31 23:59:59', true, 1, false)",
        "(1L, 8L, 'Rome', '2026-03-01', '9999-12-31 23:59:59', true, 1, false)"), CUSTOMER))
        .isInstanceOf(StrataException.class)
        .hasMessageContaining("surrogate key dim_customer_key = 1 is used by 2 rows");
  }
}
