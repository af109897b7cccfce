package io.strata.jobs.delta;

import static java.util.Objects.requireNonNull;

import io.delta.kernel.Operation;
import io.delta.kernel.Table;
import io.delta.kernel.Transaction;
import io.delta.kernel.TransactionCommitResult;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.defaults.internal.data.DefaultColumnarBatch;
import io.delta.kernel.defaults.internal.data.vector.DefaultGenericVector;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.exceptions.ConcurrentWriteException;
import io.delta.kernel.hook.PostCommitHook;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampType;
import io.delta.kernel.utils.CloseableIterable;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.DataFileStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends a few rows to a Delta table (or creates it with them) from the driver alone, through Delta Kernel: one
 * Parquet file and one commit, no Spark query and no Spark job. For bookkeeping tables that get a
 * handful of lines many times a run (the run log), where planning and running a Spark write cost
 * about half a second per append. The commit is a blind append like Spark's, so it never conflicts
 * with other appends, and readers through Spark see it at their next snapshot update.
 *
 * <p>Columns are matched by name; values are Java's: {@link String}, {@link Long}, {@link Double},
 * {@link Date}, {@link Timestamp} or null. Only string, long, double, date and timestamp columns are supported.
 */
public final class DriverAppend {
  private static final Logger LOG = LoggerFactory.getLogger(DriverAppend.class);
  private static final String ENGINE_INFO = "Strata";
  private static final int ATTEMPTS = 3;

  private final Engine engine;
  private final String location;

  public DriverAppend(Configuration hadoopConf, String location) {
    this.engine = DefaultEngine.create(requireNonNull(hadoopConf, "hadoopConf is null"));
    this.location = requireNonNull(location, "location is null");
  }

  /**
   * Creates the table with {@code schema}, {@code rows} in its first commit. Returns false, and
   * writes nothing, when a table is there already (another writer created it first: append then).
   */
  public boolean create(StructType schema, List<Map<String, Object>> rows) {
    try {
      commit(Operation.CREATE_TABLE, Optional.of(schema), rows);
      return true;
    } catch (io.delta.kernel.exceptions.TableAlreadyExistsException | ConcurrentWriteException e) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + location + ": " + e.getMessage(), e);
    }
  }

  /** Appends {@code rows} (column name to value) in one commit, and returns the table version it made. */
  public long append(List<Map<String, Object>> rows) {
    for (int attempt = 1; ; attempt++) {
      try {
        return commit(Operation.WRITE, Optional.empty(), rows);
      } catch (ConcurrentWriteException e) {
        // A blind append only loses to a writer that changed the table's protocol or metadata; try once more on the new state.
        if (attempt >= ATTEMPTS) {
          throw new IllegalStateException("cannot append to " + location + ": " + e.getMessage(), e);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot append to " + location + ": " + e.getMessage(), e);
      }
    }
  }

  private long commit(Operation operation, Optional<StructType> newSchema, List<Map<String, Object>> rows) throws IOException {
    var builder = Table.forPath(engine, location).createTransactionBuilder(engine, ENGINE_INFO, operation);
    if (newSchema.isPresent()) {
      builder = builder.withSchema(engine, newSchema.get());
    }
    Transaction txn = builder.build(engine);
    StructType schema = txn.getSchema(engine);
    Row state = txn.getTransactionState(engine);
    FilteredColumnarBatch batch = new FilteredColumnarBatch(new DefaultColumnarBatch(rows.size(), schema, vectors(schema, rows)), Optional.empty());
    CloseableIterator<FilteredColumnarBatch> physical = Transaction.transformLogicalData(engine, state, iterator(List.of(batch)), Map.of());
    var context = Transaction.getWriteContext(engine, state, Map.of());
    CloseableIterator<DataFileStatus> files = engine.getParquetHandler()
        .writeParquetFiles(context.getTargetDirectory(), physical, context.getStatisticsColumns());
    List<Row> actions = new ArrayList<>();
    try (CloseableIterator<Row> generated = Transaction.generateAppendActions(engine, state, files, context)) {
      generated.forEachRemaining(actions::add);
    }
    TransactionCommitResult result = txn.commit(engine, CloseableIterable.inMemoryIterable(iterator(actions)));
    for (PostCommitHook hook : result.getPostCommitHooks()) {
      try {
        hook.threadSafeInvoke(engine); // checkpoints and checksums keep the log cheap to read; the commit stands without them
      } catch (IOException | RuntimeException e) {
        LOG.warn("{} after version {} of {} failed: {}", hook.getType(), result.getVersion(), location, e.getMessage());
      }
    }
    return result.getVersion();
  }

  private static ColumnVector[] vectors(StructType schema, List<Map<String, Object>> rows) {
    ColumnVector[] vectors = new ColumnVector[schema.length()];
    for (int i = 0; i < schema.length(); i++) {
      StructField field = schema.at(i);
      List<Object> values = new ArrayList<>(rows.size());
      for (Map<String, Object> row : rows) {
        values.add(kernelValue(field, row.get(field.getName())));
      }
      vectors[i] = DefaultGenericVector.fromList(field.getDataType(), values);
    }
    return vectors;
  }

  /** A Spark schema in Kernel's types, when every column has a type this class writes (see {@link #kernelValue}). */
  public static Optional<StructType> kernelSchema(org.apache.spark.sql.types.StructType schema) {
    StructType kernel = new StructType();
    for (org.apache.spark.sql.types.StructField field : schema.fields()) {
      Optional<DataType> type = kernelType(field.dataType());
      if (type.isEmpty()) {
        return Optional.empty();
      }
      kernel = kernel.add(field.name(), type.get(), field.nullable());
    }
    return Optional.of(kernel);
  }

  private static Optional<DataType> kernelType(org.apache.spark.sql.types.DataType type) {
    if (type.equals(org.apache.spark.sql.types.DataTypes.StringType)) {
      return Optional.of(StringType.STRING);
    } else if (type.equals(org.apache.spark.sql.types.DataTypes.LongType)) {
      return Optional.of(LongType.LONG);
    } else if (type.equals(org.apache.spark.sql.types.DataTypes.DoubleType)) {
      return Optional.of(DoubleType.DOUBLE);
    } else if (type.equals(org.apache.spark.sql.types.DataTypes.DateType)) {
      return Optional.of(DateType.DATE);
    } else if (type.equals(org.apache.spark.sql.types.DataTypes.TimestampType)) {
      return Optional.of(TimestampType.TIMESTAMP);
    }
    return Optional.empty();
  }

  /** A Java value as Kernel stores it in a column of the field's type; the same five types as {@link #kernelType}. */
  private static Object kernelValue(StructField field, Object value) {
    DataType type = field.getDataType();
    if (value == null) {
      return null;
    } else if (type instanceof StringType && value instanceof String) {
      return value;
    } else if (type instanceof LongType && value instanceof Long) {
      return value;
    } else if (type instanceof DoubleType && value instanceof Double) {
      return value;
    } else if (type instanceof DateType && value instanceof Date date) {
      return (int) date.toLocalDate().toEpochDay();
    } else if (type instanceof TimestampType && value instanceof Timestamp timestamp) {
      return ChronoUnit.MICROS.between(Instant.EPOCH, timestamp.toInstant());
    }
    throw new IllegalArgumentException("column " + field.getName() + " of type " + type + " cannot take a " + value.getClass().getSimpleName());
  }

  private static <T> CloseableIterator<T> iterator(List<T> items) {
    Iterator<T> delegate = items.iterator();
    return new CloseableIterator<>() {
      @Override
      public boolean hasNext() {
        return delegate.hasNext();
      }

      @Override
      public T next() {
        return delegate.next();
      }

      @Override
      public void close() {}
    };
  }
}
