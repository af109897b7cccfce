package io.strata.jobs.model;

import static io.strata.jobs.model.ChangeFeed.CHANGE_TYPE;
import static io.strata.jobs.model.ChangeFeed.COMMIT_VERSION;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * An entity's change-feed rows folded to the last event of each key: the rows as they are now
 * (inserted or updated), and the rows that were deleted (with their last values). A key changed
 * several times since the watermark counts once, as a whole read of the table would see it.
 */
final class EntityChanges {
  private final Dataset<Row> last;

  private EntityChanges(Dataset<Row> last) {
    this.last = last;
  }

  static EntityChanges of(Dataset<Row> changes, List<String> key) {
    // Within one commit a key's post-image comes after its pre-image, and a row that exists after the commit wins over a
    // delete of the same key (an overwrite deletes every old row and inserts the new ones in one commit), as the export reads it.
    org.apache.spark.sql.Column order = when(col(CHANGE_TYPE).equalTo(ChangeFeed.PREIMAGE), 0)
        .when(col(CHANGE_TYPE).equalTo(ChangeFeed.DELETE), 1).otherwise(2);
    Dataset<Row> last = changes.withColumn("_last", row_number().over(Window.partitionBy(DimensionColumns.columns(key))
        .orderBy(col(COMMIT_VERSION).desc(), order.desc()))).filter(col("_last").equalTo(1)).drop("_last");
    return new EntityChanges(last);
  }

  /** Rows inserted or updated since the watermark, as they are now. */
  Dataset<Row> current() {
    return ChangeFeed.asRows(last.filter(ChangeFeed.isAfterImage()));
  }

  /** Rows deleted since the watermark (and not back), with their last values. */
  Dataset<Row> deleted() {
    return ChangeFeed.asRows(last.filter(col(CHANGE_TYPE).equalTo(ChangeFeed.DELETE)));
  }
}
