package io.strata.jobs.export;

import static java.util.Objects.requireNonNull;

import io.strata.layout.StrataException;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Iterator;
import org.apache.spark.api.java.function.VoidFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.util.LongAccumulator;

/**
 * Loads a Dataset into a warehouse table from the executors: each partition streams its rows over
 * its own connection ({@code COPY ... FROM STDIN} into PostgreSQL, {@code LOAD DATA LOCAL INFILE}
 * from a stream into MySQL), so the load runs as wide as the partitions (at most
 * {@code connections}). Each partition's load commits on its own; callers load into staging
 * tables and publish afterwards, so a half-done load is never visible.
 *
 * <p>Rows are encoded from Spark's internal form ({@link RowTextEncoder}): converting each to a
 * {@code Row} of Java objects and then to UTF-16 text cost more than PostgreSQL spent reading it.
 */
final class BulkLoader {
  private static final String TASK_FAILURE = StrataException.class.getName() + ": ";

  private final WarehouseEndpoint endpoint;

  BulkLoader(WarehouseEndpoint endpoint) {
    this.endpoint = requireNonNull(endpoint, "endpoint is null");
  }

  /** Loads {@code rows} (its columns in order) into {@code schema.table}; returns the rows the server accepted. */
  long load(Dataset<Row> rows, String schema, String table, int connections) {
    PartitionLoad write = endpoint.dialect() == WarehouseDialect.MYSQL ? new LoadDataPartition(schema, table, rows.schema())
        : new CopyPartition(schema, table, rows.schema());
    int partitions = rows.rdd().getNumPartitions();
    Dataset<Row> spread = partitions > connections ? rows.coalesce(connections)
        : partitions < connections && partitions > 0 ? rows.repartition(connections) : rows;
    LongAccumulator copied = rows.sparkSession().sparkContext().longAccumulator("export rows copied into " + table);
    WarehouseEndpoint target = endpoint;
    try {
      spread.queryExecution().toRdd().toJavaRDD().foreachPartition(
          (VoidFunction<Iterator<InternalRow>>) partition -> copied.add(loadPartition(target, write, table, partition)));
    } catch (Exception e) { // SparkException is checked in Java's eyes but thrown undeclared from Scala
      // A task's StrataException reaches the driver wrapped in Spark's job failure; report Strata's words.
      for (Throwable cause = e; cause != null; cause = cause.getCause()) {
        if (cause instanceof StrataException strata) {
          throw new StrataException(strata.getMessage());
        }
        // Spark may keep the task's failure only as text: "... most recent failure: ...: io.strata...StrataException: <message>"
        String text = String.valueOf(cause.getMessage());
        int at = text.indexOf(TASK_FAILURE);
        if (at >= 0) {
          throw new StrataException(text.substring(at + TASK_FAILURE.length()).lines().findFirst().orElse(""));
        }
      }
      if (e instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new StrataException("export: copying rows into " + table + " failed: "
          + endpoint.scrub(String.valueOf(e.getMessage()).lines().findFirst().orElse("")));
    }
    return copied.value();
  }

  private static long loadPartition(WarehouseEndpoint endpoint, PartitionLoad write, String table, Iterator<InternalRow> rows) {
    if (!rows.hasNext()) {
      return 0;
    }
    try (Connection connection = endpoint.open()) {
      return write.load(connection, rows);
    } catch (SQLException e) {
      throw WarehouseFailure.of(endpoint, "copying rows into " + table, e);
    } catch (IOException e) {
      // The streams wrap the server's error in an IOException whose cause is the SQLException.
      if (e.getCause() instanceof SQLException cause) {
        throw WarehouseFailure.of(endpoint, "copying rows into " + table, cause);
      }
      throw new StrataException("export: copying rows into " + table + " failed: " + endpoint.scrub(String.valueOf(e.getMessage())));
    }
  }

  /** Streams one partition's rows into the table over a connection of its own; returns the rows the server accepted. */
  interface PartitionLoad extends java.io.Serializable {
    long load(Connection connection, Iterator<InternalRow> rows) throws SQLException, IOException;
  }
}
