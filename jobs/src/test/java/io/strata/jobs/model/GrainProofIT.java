package io.strata.jobs.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.jobs.testing.TestingSpark;
import io.strata.layout.ProcessedTableKey;
import io.strata.layout.config.ColumnSpec;
import io.strata.layout.config.EntityConfig;
import io.strata.layout.config.PiiRule;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which fact sources are proven unique on their grain from their plans, over real Delta tables read as the model reads them. */
class GrainProofIT {
  private static final List<String> LINE_KEY = List.of("order_id", "line_number");
  private static final EntityConfig LINES = entity("order_lines", LINE_KEY);
  private static final EntityConfig CUSTOMERS = entity("customers", List.of("customer_id"));
  @TempDir
  static Path lake;
  private static Map<String, EntityConfig> entities;

  @BeforeAll
  static void entities() {
    SparkSession spark = TestingSpark.session();
    String lines = lake.resolve("order_lines").toUri().toString();
    String customers = lake.resolve("customers").toUri().toString();
    String otherKey = lake.resolve("order_lines_on_order_id").toUri().toString();
    // As process creates them: the key recorded in the statistics property.
    Dataset<Row> lineRows = spark.sql("SELECT * FROM VALUES (1L, 1, 10L, 2), (1L, 2, 11L, 0) AS t(order_id, line_number, customer_id, quantity)");
    lineRows.write().format("delta").option(ProcessedTableKey.PROPERTY, ProcessedTableKey.statisticsColumns(LINES)).save(lines);
    spark.sql("SELECT * FROM VALUES (10L, 'Paris'), (11L, 'Rome') AS t(customer_id, city)").write().format("delta")
        .option(ProcessedTableKey.PROPERTY, ProcessedTableKey.statisticsColumns(CUSTOMERS)).save(customers);
    // Built when the entity was keyed on order_id alone: it may hold two lines of one order.
    lineRows.write().format("delta").option(ProcessedTableKey.PROPERTY, "`order_id`").save(otherKey);
    // As ModelSources registers them: each entity a view of its table at one version.
    DeltaTables.at(spark, lines, 0).createOrReplaceTempView("grain_order_lines");
    DeltaTables.at(spark, customers, 0).createOrReplaceTempView("grain_customers");
    DeltaTables.at(spark, otherKey, 0).createOrReplaceTempView("grain_lines_on_another_key");
    entities = Map.of(GrainProof.normalized(lines), LINES, GrainProof.normalized(customers), CUSTOMERS,
        GrainProof.normalized(otherKey), LINES);
  }

  private static EntityConfig entity(String name, List<String> key) {
    return new EntityConfig(name, "none", key, Optional.empty(), true, Map.of(), List.of(), List.of(), "UTC",
        List.of(new ColumnSpec("id", "bigint", true, Optional.empty(), PiiRule.of(PiiRule.UNSET))), "fail", "fail");
  }

  private static boolean proven(String sql, List<String> grain) {
    Dataset<Row> source = TestingSpark.session().sql(sql);
    return GrainProof.uniqueByKey(source, grain, entities);
  }

  @Test
  void anEntityReadWholeIsUniqueOnItsKey() {
    assertThat(GrainProof.uniqueByKey(TestingSpark.session().table("grain_order_lines"), LINE_KEY, entities)).isTrue();
  }

  @Test
  void selectingFilteringRenamingAndComputingOtherColumnsKeepTheProof() {
    assertThat(proven("SELECT order_id, line_number AS line, quantity * 2 AS amount FROM grain_order_lines WHERE quantity > 0",
        List.of("order_id", "line"))).isTrue();
    assertThat(proven("SELECT * FROM (SELECT order_id, line_number, customer_id FROM grain_order_lines) WHERE customer_id > 10",
        LINE_KEY)).isTrue();
  }

  @Test
  void aGrainThatHoldsTheKeyAndMoreIsUniqueToo() {
    assertThat(proven("SELECT order_id, line_number, customer_id FROM grain_order_lines", List.of("order_id", "line_number", "customer_id")))
        .isTrue();
  }

  @Test
  void aGrainMissingPartOfTheKeyIsNotProven() {
    assertThat(proven("SELECT order_id, line_number FROM grain_order_lines", List.of("order_id"))).isFalse();
    assertThat(proven("SELECT customer_id, order_id FROM grain_order_lines", List.of("customer_id"))).isFalse();
  }

  @Test
  void aComputedOrRepeatedGrainColumnIsNotProven() {
    assertThat(proven("SELECT order_id + 0 AS order_id, line_number FROM grain_order_lines", LINE_KEY)).isFalse();
    assertThat(proven("SELECT order_id, order_id AS line_number FROM grain_order_lines", LINE_KEY)).isFalse();
  }

  @Test
  void joinsUnionsAndAggregatesAreNotProven() {
    assertThat(proven("SELECT l.order_id, l.line_number, c.city FROM grain_order_lines l JOIN grain_customers c ON l.customer_id = c.customer_id",
        LINE_KEY)).isFalse();
    assertThat(proven("SELECT order_id, line_number FROM grain_order_lines UNION ALL SELECT order_id, line_number FROM grain_order_lines",
        LINE_KEY)).isFalse();
    assertThat(proven("SELECT order_id, line_number, unit FROM grain_order_lines LATERAL VIEW explode(array(1, 2)) units AS unit",
        LINE_KEY)).isFalse();
    assertThat(proven("SELECT customer_id AS order_id, max(line_number) AS line_number FROM grain_order_lines GROUP BY customer_id",
        LINE_KEY)).isFalse();
  }

  @Test
  void aTableBuiltOnAnotherKeyThanTheConfiguredOneIsNotProven() {
    assertThat(proven("SELECT order_id, line_number FROM grain_lines_on_another_key", LINE_KEY)).isFalse();
  }

  @Test
  void aTableThatIsNoEntityIsNotProven() {
    assertThat(GrainProof.uniqueByKey(TestingSpark.session().table("grain_order_lines"), LINE_KEY, Map.of())).isFalse();
    assertThat(proven("SELECT * FROM VALUES (1L, 1) AS t(order_id, line_number)", LINE_KEY)).isFalse();
  }
}
