package io.strata.jobs.export;

import static java.util.Objects.requireNonNull;

import io.delta.tables.DeltaTable;
import io.strata.layout.StrataException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;

/**
 * One version of a curated Delta table, pinned so that what is loaded, what is counted for
 * reconciliation and the version recorded as exported are the same data.
 */
record CuratedSnapshot(String table, String location, long version, Dataset<Row> rows) {
  CuratedSnapshot {
    requireNonNull(table, "table is null");
    requireNonNull(location, "location is null");
    requireNonNull(rows, "rows is null");
  }

  static CuratedSnapshot latest(SparkSession spark, String table, String location) {
    boolean exists;
    try {
      exists = DeltaTable.isDeltaTable(spark, location);
    } catch (RuntimeException e) {
      exists = false;
    }
    if (!exists) {
      throw new StrataException("export: curated table " + table + " does not exist at " + location
          + ". Fix: run the model stage first, or leave " + table + " out of warehouse.export.tables");
    }
    long version = DeltaLog.forTableWithSnapshot(spark, location)._2().version(); // the log's latest version, without a history query
    Dataset<Row> rows = spark.read().format("delta").option("versionAsOf", version).load(location);
    return new CuratedSnapshot(table, location, version, rows);
  }
}
