package io.strata.jobs.export;

import static java.util.Objects.requireNonNull;

import io.strata.layout.StrataException;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.VoidFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.util.LongAccumulator;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * Loads a Dataset into a warehouse table with {@code COPY ... FROM STDIN} from the executors:
 * each partition streams its rows over its own connection, so the load runs as wide as the
 * partitions (at most {@code connections}). Each partition's COPY commits on its own; callers load
 * into staging tables and publish afterwards, so a half-done load is never visible.
 *
 * <p>Rows are encoded from Spark's internal form ({@link CopyCsvEncoder}): converting each to a
 * {@code Row} of Java objects and then to UTF-16 text cost more than PostgreSQL spent reading it.
 */
final class CopyLoader {
  private static final String TASK_FAILURE = StrataException.class.getName() + ": ";

  private final WarehouseEndpoint endpoint;

  CopyLoader(WarehouseEndpoint endpoint) {
    this.endpoint = requireNonNull(endpoint, "endpoint is null");
  }

  /** Copies {@code rows} (its columns in order) into {@code schema.table}; returns the rows the server accepted. */
  long load(Dataset<Row> rows, String schema, String table, int connections) {
    List<String> columns = List.of(rows.columns());
    String sql = "COPY " + PgNames.qualified(schema, table) + " (" + PgNames.columnList(columns) + ") FROM STDIN WITH (FORMAT csv)";
    int partitions = rows.rdd().getNumPartitions();
    Dataset<Row> spread = partitions > connections ? rows.coalesce(connections)
        : partitions < connections && partitions > 0 ? rows.repartition(connections) : rows;
    LongAccumulator copied = rows.sparkSession().sparkContext().longAccumulator("export rows copied into " + table);
    WarehouseEndpoint target = endpoint;
    CopyCsvEncoder encoder = new CopyCsvEncoder(rows.schema());
    try {
      spread.queryExecution().toRdd().toJavaRDD().foreachPartition(
          (VoidFunction<Iterator<InternalRow>>) partition -> copied.add(copyPartition(target, sql, table, encoder, partition)));
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

  private static long copyPartition(WarehouseEndpoint endpoint, String sql, String table, CopyCsvEncoder encoder,
      Iterator<InternalRow> rows) {
    if (!rows.hasNext()) {
      return 0;
    }
    try (Connection connection = endpoint.open()) {
      // On a failure before endCopy, closing the connection aborts the COPY: nothing of this partition stays.
      PGCopyOutputStream stream = new PGCopyOutputStream(connection.unwrap(PGConnection.class), sql, CopyBuffer.DEFAULT_BYTES);
      CopyBuffer out = new CopyBuffer(stream, CopyBuffer.DEFAULT_BYTES);
      while (rows.hasNext()) {
        encoder.write(rows.next(), out);
      }
      out.flush();
      return stream.endCopy();
    } catch (SQLException e) {
      throw WarehouseFailure.of(endpoint, "copying rows into " + table, e);
    } catch (IOException e) {
      // PGCopyOutputStream wraps the server's error in an IOException whose cause is the SQLException.
      if (e.getCause() instanceof SQLException cause) {
        throw WarehouseFailure.of(endpoint, "copying rows into " + table, cause);
      }
      throw new StrataException("export: copying rows into " + table + " failed: "
          + endpoint.scrub(String.valueOf(e.getMessage())));
    }
  }
}
