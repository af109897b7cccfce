package io.strata.jobs.export;

import static java.util.Objects.requireNonNull;

import io.strata.jobs.delta.TableLog;
import io.strata.layout.StrataException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

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
    if (!TableLog.exists(spark, location)) {
      throw new StrataException("export: curated table " + table + " does not exist at " + location
          + ". Fix: run the model stage first, or leave " + table + " out of warehouse.export.tables");
    }
    long version = TableLog.latestVersion(spark, location);
    Dataset<Row> rows = spark.read().format("delta").option("versionAsOf", version).load(location);
    return new CuratedSnapshot(table, location, version, rows);
  }
}
