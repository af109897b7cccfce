package io.strata.jobs.delta;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends lines to one of Strata's bookkeeping tables (the run log, the metrics, the quality
 * results): a handful of rows many times a run. They go through {@link DriverAppend} (one commit
 * from the driver, no Spark job), the first lines creating the table; Spark writes every line of
 * a table Kernel cannot write (a feature it does not support, such as a CHECK constraint a user
 * added, or a column type it lacks).
 */
public final class BookkeepingAppend {
  private static final Logger LOG = LoggerFactory.getLogger(BookkeepingAppend.class);
  private static final int ATTEMPTS = 3;

  private final SparkSession spark;
  private final String location;
  private final StructType schema;
  private final Optional<io.delta.kernel.types.StructType> kernelSchema;
  private boolean exists;
  private boolean sparkWritesOnly;
  private DriverAppend driverAppend;

  public BookkeepingAppend(SparkSession spark, String location, StructType schema) {
    this.spark = requireNonNull(spark, "spark is null");
    this.location = requireNonNull(location, "location is null");
    this.schema = requireNonNull(schema, "schema is null");
    this.kernelSchema = DriverAppend.kernelSchema(schema);
  }

  /** Appends {@code rows}, whose values are in the order of the schema. */
  public void append(List<Row> rows) {
    if (!sparkWritesOnly) {
      try {
        List<Map<String, Object>> lines = rows.stream().map(this::columns).toList();
        // The first lines create the table too: a Spark write would be the first Delta write of a fresh JVM (seconds).
        if (!tableExists() && kernelSchema.isPresent() && driverAppend().create(kernelSchema.get(), lines)) {
          exists = true;
          return;
        }
        if (tableExists()) {
          driverAppend().append(lines);
          return;
        }
      } catch (io.delta.kernel.exceptions.KernelException | UnsupportedOperationException e) {
        LOG.warn("{} is appended through Spark from now on: {}", location, e.getMessage());
        sparkWritesOnly = true;
      }
    }
    for (int attempt = 1; ; attempt++) {
      try {
        spark.createDataFrame(rows, schema).write().format("delta").mode(SaveMode.Append).save(location);
        return;
      } catch (RuntimeException e) {
        // Appends never conflict, except two first appends that both create the table (parallel
        // stages on a fresh lake): the loser finds the table there on the next try.
        if (attempt >= ATTEMPTS || !isConcurrentModification(e)) {
          throw e;
        }
      }
    }
  }

  private boolean tableExists() {
    if (!exists) {
      Path log = new Path(location, "_delta_log");
      try {
        exists = log.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(log);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + location + ": " + e.getMessage(), e);
      }
    }
    return exists;
  }

  private DriverAppend driverAppend() {
    if (driverAppend == null) {
      driverAppend = new DriverAppend(spark.sparkContext().hadoopConfiguration(), location);
    }
    return driverAppend;
  }

  private Map<String, Object> columns(Row row) {
    Map<String, Object> columns = new HashMap<>();
    for (int i = 0; i < schema.length(); i++) {
      columns.put(schema.fields()[i].name(), row.get(i));
    }
    return columns;
  }

  private static boolean isConcurrentModification(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
      if (cause instanceof io.delta.exceptions.DeltaConcurrentModificationException) {
        return true;
      }
    }
    return false;
  }
}
