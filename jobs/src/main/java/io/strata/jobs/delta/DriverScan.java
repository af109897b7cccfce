package io.strata.jobs.delta;

import static java.util.Objects.requireNonNull;

import io.delta.kernel.Scan;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Table;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.engine.FileReadResult;
import io.delta.kernel.exceptions.TableNotFoundException;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.data.ScanStateRow;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampType;
import io.delta.kernel.utils.CloseableIterator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;

/**
 * Reads the rows of a small Delta table on the driver through Delta Kernel: no Spark query and no
 * Spark job. For bookkeeping tables a run reads at its start (the run log), where a Spark read of a
 * fresh JVM builds the table's snapshot state with a query of its own and takes 10 to 20 seconds
 * to warm up, which every CLI invocation (every Airflow task) would pay. Deletion vectors are
 * applied. Values are Java's, as {@link DriverAppend} takes them: {@link String}, {@link Long},
 * {@link Date}, {@link Timestamp}, {@link Double}, {@link Integer}, {@link Boolean} or null; columns
 * of other types are not read.
 */
public final class DriverScan {
  /** Rows of data files read before in this JVM, by file, deletion vector and columns read. */
  private static final FileRows FILES = new FileRows();

  private final Engine engine;
  private final String location;

  public DriverScan(Configuration hadoopConf, String location) {
    this.engine = DefaultEngine.create(requireNonNull(hadoopConf, "hadoopConf is null"));
    this.location = requireNonNull(location, "location is null");
  }

  /** The table's schema as its latest version has it; empty when there is no Delta table at the location. */
  public Optional<StructType> schema() {
    try {
      return Optional.of(Table.forPath(engine, location).getLatestSnapshot(engine).getSchema());
    } catch (TableNotFoundException e) {
      return Optional.empty();
    }
  }

  /**
   * Gives each row's {@code columns} (name to value) to {@code rows}; false, and no row, when there
   * is no Delta table at the location.
   */
  public boolean read(List<String> columns, Consumer<Map<String, Object>> rows) {
    Snapshot snapshot;
    try {
      snapshot = Table.forPath(engine, location).getLatestSnapshot(engine);
    } catch (TableNotFoundException e) {
      return false;
    }
    StructType readSchema = new StructType();
    for (String column : columns) {
      readSchema = readSchema.add(snapshot.getSchema().get(column));
    }
    Scan scan = snapshot.getScanBuilder().withReadSchema(readSchema).build();
    Row scanState = scan.getScanState(engine);
    StructType physicalSchema = ScanStateRow.getPhysicalDataReadSchema(scanState);
    try (CloseableIterator<FilteredColumnarBatch> scanFiles = scan.getScanFiles(engine)) {
      while (scanFiles.hasNext()) {
        try (CloseableIterator<Row> files = scanFiles.next().getRows()) {
          while (files.hasNext()) {
            readFile(scanState, files.next(), physicalSchema, readSchema, rows);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + location + ": " + e.getMessage(), e);
    }
    return true;
  }

  /**
   * Gives the rows of one data file, from {@link #FILES} when this JVM read the file before. A
   * data file never changes (a delete adds a deletion vector, which is part of the key), and Kernel's
   * Parquet reader builds and parses a new Hadoop configuration for every file it opens (10 to 20
   * ms): the run log, read at a run's start, by the quality checks, the run report and the export,
   * holds a file per append until maintenance compacts it.
   */
  private void readFile(Row scanState, Row scanFile, StructType physicalSchema, StructType readSchema, Consumer<Map<String, Object>> rows)
      throws IOException {
    io.delta.kernel.utils.FileStatus file = InternalScanFileUtils.getAddFileStatus(scanFile);
    var deletionVector = InternalScanFileUtils.getDeletionVectorDescriptorFromRow(scanFile);
    String key = file.getPath() + "|" + (deletionVector == null ? "" : deletionVector.getUniqueId()) + "|" + readSchema;
    List<Map<String, Object>> cached = FILES.get(key);
    if (cached == null) {
      List<Map<String, Object>> read = new java.util.ArrayList<>();
      readFileRows(scanState, scanFile, physicalSchema, readSchema, read::add);
      cached = List.copyOf(read);
      FILES.put(key, cached);
    }
    cached.forEach(values -> rows.accept(new HashMap<>(values)));
  }

  private void readFileRows(Row scanState, Row scanFile, StructType physicalSchema, StructType readSchema, Consumer<Map<String, Object>> rows)
      throws IOException {
    CloseableIterator<ColumnarBatch> physical = engine.getParquetHandler()
        .readParquetFiles(singleton(InternalScanFileUtils.getAddFileStatus(scanFile)), physicalSchema, Optional.empty())
        .map(FileReadResult::getData);
    try (CloseableIterator<FilteredColumnarBatch> batches = Scan.transformPhysicalData(engine, scanState, scanFile, physical)) {
      while (batches.hasNext()) {
        FilteredColumnarBatch batch = batches.next();
        ColumnarBatch data = batch.getData();
        Optional<ColumnVector> selected = batch.getSelectionVector();
        for (int row = 0; row < data.getSize(); row++) {
          if (selected.isPresent() && (selected.get().isNullAt(row) || !selected.get().getBoolean(row))) {
            continue; // deleted by a deletion vector
          }
          Map<String, Object> values = new HashMap<>();
          for (int column = 0; column < readSchema.length(); column++) {
            StructField field = readSchema.at(column);
            values.put(field.getName(), value(field.getDataType(), data.getColumnVector(data.getSchema().indexOf(field.getName())), row));
          }
          rows.accept(values);
        }
      }
    }
  }

  private static Object value(DataType type, ColumnVector vector, int row) {
    if (vector.isNullAt(row)) {
      return null;
    }
    if (type instanceof StringType) {
      return vector.getString(row);
    }
    if (type instanceof LongType) {
      return vector.getLong(row);
    }
    if (type instanceof DateType) {
      return Date.valueOf(LocalDate.ofEpochDay(vector.getInt(row)));
    }
    if (type instanceof TimestampType) {
      return Timestamp.from(Instant.EPOCH.plus(vector.getLong(row), ChronoUnit.MICROS));
    }
    if (type instanceof DoubleType) {
      return vector.getDouble(row);
    }
    if (type instanceof IntegerType) {
      return vector.getInt(row);
    }
    if (type instanceof BooleanType) {
      return vector.getBoolean(row);
    }
    throw new UnsupportedOperationException("reading a " + type + " column through Delta Kernel");
  }

  private static <T> CloseableIterator<T> singleton(T item) {
    return new CloseableIterator<>() {
      private boolean taken;

      @Override
      public boolean hasNext() {
        return !taken;
      }

      @Override
      public T next() {
        taken = true;
        return item;
      }

      @Override
      public void close() {}
    };
  }

  /**
   * Small files' rows, the least recently read dropped first beyond {@link #MAX_ROWS} rows in all;
   * a file of more than {@link #MAX_FILE_ROWS} rows (a compacted one) is read again each time.
   */
  private static final class FileRows {
    private static final int MAX_FILE_ROWS = 1_000;
    private static final int MAX_ROWS = 50_000;
    private final Map<String, List<Map<String, Object>>> files = new java.util.LinkedHashMap<>(256, 0.75f, true);
    private long rows;

    synchronized List<Map<String, Object>> get(String key) {
      return files.get(key);
    }

    synchronized void put(String key, List<Map<String, Object>> fileRows) {
      if (fileRows.size() > MAX_FILE_ROWS) {
        return;
      }
      List<Map<String, Object>> replaced = files.put(key, fileRows);
      rows += fileRows.size() - (replaced == null ? 0 : replaced.size());
      java.util.Iterator<List<Map<String, Object>>> eldest = files.values().iterator();
      while (rows > MAX_ROWS && eldest.hasNext()) {
        rows -= eldest.next().size();
        eldest.remove();
      }
    }
  }
}
