package io.strata.jobs.maintain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class PartitionPredicateTest {
  @Test
  void oneColumnBecomesAnInListOfTypedValues() {
    StructType schema = new StructType().add("partition_date", DataTypes.DateType);

    assertThat(PartitionPredicate.of(schema, List.of(List.of("2026-03-01"), List.of("2026-03-02"))))
        .isEqualTo("`partition_date` IN (CAST('2026-03-01' AS DATE), CAST('2026-03-02' AS DATE))");
  }

  @Test
  void nullValuesAndQuotesAreSpelledOut() {
    StructType schema = new StructType().add("region", DataTypes.StringType);

    assertThat(PartitionPredicate.of(schema, List.of(List.of("o'hara\\x"), Arrays.asList((String) null))))
        .isEqualTo("`region` IN (CAST('o\\'hara\\\\x' AS STRING)) OR `region` IS NULL");
  }

  @Test
  void severalColumnsBecomeAnOrOfAnds() {
    StructType schema = new StructType().add("day", DataTypes.DateType).add("shop", DataTypes.IntegerType);

    assertThat(PartitionPredicate.of(schema, List.of(List.of("2026-03-01", "7"), Arrays.asList("2026-03-02", null))))
        .isEqualTo("(`day` = CAST('2026-03-01' AS DATE) AND `shop` = CAST('7' AS INT)) OR (`day` = CAST('2026-03-02' AS DATE) AND `shop` IS NULL)");
  }

  @Test
  void noPartitionIsAProgrammingMistake() {
    assertThatThrownBy(() -> PartitionPredicate.of(new StructType().add("day", DataTypes.DateType), List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("no partitions to select");
  }
}
