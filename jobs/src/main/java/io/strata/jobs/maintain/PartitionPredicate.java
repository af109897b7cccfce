package io.strata.jobs.maintain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The SQL condition that selects some partitions of a Delta table, for {@code OPTIMIZE ... WHERE}:
 * {@code `partition_date` IN (CAST('2026-03-01' AS DATE), ...)} for one partition column, an OR of
 * ANDs for several. Values are the strings Delta keeps in its log, cast to the column's type.
 */
final class PartitionPredicate {
  private PartitionPredicate() {}

  static String of(StructType partitionSchema, Collection<List<String>> partitions) {
    if (partitions.isEmpty()) {
      throw new IllegalArgumentException("no partitions to select");
    }
    StructField[] fields = partitionSchema.fields();
    if (fields.length == 1) {
      String column = quote(fields[0].name());
      List<String> conditions = new ArrayList<>();
      List<String> values = partitions.stream().map(partition -> partition.get(0)).filter(value -> value != null)
          .map(value -> literal(value, fields[0])).toList();
      if (!values.isEmpty()) {
        conditions.add(column + " IN (" + String.join(", ", values) + ")");
      }
      if (partitions.stream().anyMatch(partition -> partition.get(0) == null)) {
        conditions.add(column + " IS NULL");
      }
      return String.join(" OR ", conditions);
    }
    return partitions.stream().map(values -> {
      List<String> terms = new ArrayList<>();
      for (int i = 0; i < fields.length; i++) {
        String column = quote(fields[i].name());
        terms.add(values.get(i) == null ? column + " IS NULL" : column + " = " + literal(values.get(i), fields[i]));
      }
      return "(" + String.join(" AND ", terms) + ")";
    }).collect(Collectors.joining(" OR "));
  }

  private static String literal(String value, StructField field) {
    String escaped = value.replace("\\", "\\\\").replace("'", "\\'");
    return "CAST('" + escaped + "' AS " + field.dataType().sql() + ")";
  }

  private static String quote(String column) {
    return "`" + column.replace("`", "``") + "`";
  }
}
