package io.strata.jobs.catalog;

import io.delta.tables.DeltaTable;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;

/**
 * Keeps the column comments of a processed or curated Delta table equal to what the config says
 * (its {@code description}, and the masking method of a PII column). They live in the table's
 * Delta schema, so every catalog the table is registered in shows them. Only a comment that
 * differs is written, one {@code ALTER COLUMN} (one commit) each: a run whose config did not
 * change commits nothing. A column the config says nothing of keeps whatever comment it has.
 */
final class ColumnComments {
  private final SparkSession spark;
  private final ColumnDocs docs;

  ColumnComments(SparkSession spark, ColumnDocs docs) {
    this.spark = spark;
    this.docs = docs;
  }

  /** Writes the comments that differ; how many it wrote. */
  int sync(CatalogTable table) {
    int written = 0;
    for (StructField field : DeltaTable.forPath(spark, table.location()).toDF().schema().fields()) {
      Optional<String> wanted = docs.column(table, field.name(), field.dataType().simpleString()).comment();
      Optional<String> current = field.getComment().isDefined() ? Optional.of(field.getComment().get()) : Optional.empty();
      if (wanted.isPresent() && !wanted.equals(current)) {
        spark.sql("ALTER TABLE delta.`" + table.location().replace("`", "``") + "` ALTER COLUMN `" + field.name().replace("`", "``")
            + "` COMMENT '" + wanted.get().replace("\\", "\\\\").replace("'", "\\'") + "'");
        written++;
      }
    }
    return written;
  }
}
