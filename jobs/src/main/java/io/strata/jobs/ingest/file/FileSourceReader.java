package io.strata.jobs.ingest.file;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.strata.jobs.ingest.IngestRequest;
import io.strata.jobs.ingest.SourceRead;
import io.strata.jobs.ingest.SourceReader;
import io.strata.jobs.ingest.SourceState;
import io.strata.jobs.spark.ObservedMetrics;
import io.strata.layout.StrataException;
import io.strata.layout.config.FileSourceConfig;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CSV, JSON (lines or arrays) and Parquet files under a path or glob. Reads only files the
 * ledger has not seen, or that changed since. CSV values stay text in the raw layer, empty
 * fields null (types and null tokens are the process stage's business); a CSV row
 * with too few or too many fields, a value that does not fit a declared schema, or a line that
 * is not JSON is quarantined with its file, record number and reason.
 */
public final class FileSourceReader implements SourceReader<FileSourceConfig> {
  private static final Logger LOG = LoggerFactory.getLogger(FileSourceReader.class);
  static final String CORRUPT = "_corrupt_record";

  @Override
  public SourceRead read(IngestRequest<FileSourceConfig> request) {
    FileSourceConfig source = request.source();
    SparkSession spark = request.spark();
    FileLedger ledger = FileLedger.from(request.latest());
    Map<String, FileLedger.Entry> selected = new LinkedHashMap<>();
    long bytes = 0;
    int changed = 0;
    int skipped = 0;
    for (FileStatus file : list(source, spark)) {
      String uri = file.getPath().toUri().toString();
      FileLedger.Decision decision = ledger.decide(uri, file.getLen(), file.getModificationTime(), request.runDate());
      if (decision == FileLedger.Decision.DONE) {
        skipped++;
        continue;
      }
      if (decision == FileLedger.Decision.CHANGED) {
        changed++;
        LOG.warn("source {}: {} changed since it was ingested; ingesting it again", source.name(), uri);
      }
      selected.put(uri, new FileLedger.Entry(file.getLen(), file.getModificationTime(), request.runDate().toString()));
      bytes += file.getLen();
    }
    Map<String, Long> metrics = Map.of("files", (long) selected.size(), "bytes", bytes, "changed_files", (long) changed,
        "skipped_files", (long) skipped);
    if (selected.isEmpty()) {
      return nothing(spark, request.latest(), metrics);
    }
    SourceState next = FileLedger.record(request.latest(), selected);
    // An empty file has no records: it goes into the ledger as read, but not to Spark, whose CSV
    // and JSON readers infer no columns from it and then refuse to read.
    String[] paths = selected.entrySet().stream().filter(file -> file.getValue().size() > 0).map(Map.Entry::getKey).toArray(String[]::new);
    if (paths.length == 0) {
      return nothing(spark, next, metrics);
    }
    // Spark caches file listings per session; a file that changed must be read at its new length.
    for (String path : paths) {
      spark.catalog().refreshByPath(path);
    }
    return switch (source.format()) {
      case "parquet" -> new SourceRead(reader(spark, source).parquet(paths).withColumn(SourceRead.ORIGIN, col("_metadata.file_path")),
          Optional.empty(), next, metrics);
      case "json" -> json(spark, source, paths, metrics, next);
      default -> csv(spark, source, paths, metrics, next);
    };
  }

  /** A read without records: only the origin column, which the ingest stage takes for "nothing to write". */
  private static SourceRead nothing(SparkSession spark, SourceState next, Map<String, Long> metrics) {
    return new SourceRead(spark.emptyDataFrame().withColumn(SourceRead.ORIGIN, lit("").cast(DataTypes.StringType)),
        Optional.empty(), next, metrics);
  }

  private static DataFrameReader reader(SparkSession spark, FileSourceConfig source) {
    return spark.read().options(source.options());
  }

  private SourceRead csv(SparkSession spark, FileSourceConfig source, String[] paths, Map<String, Long> metrics, SourceState next) {
    Map<String, String> options = new LinkedHashMap<>(Map.of("header", "true"));
    options.putAll(source.options());
    options.put("mode", "PERMISSIVE");
    options.put("columnNameOfCorruptRecord", CORRUPT);
    options.put("encoding", source.encoding().name());
    StructType data = source.schema().map(StructType::fromDDL)
        .orElseGet(() -> spark.read().options(options).option("inferSchema", "false").csv(paths).schema());
    if (data.fields().length == 0) {
      return nothing(spark, next, metrics); // no header line in any file: the files hold only blank lines
    }
    requireDecodedHeader(source, data);
    // Spark flags a row with too few or too many fields, or a value that does not fit the schema,
    // as corrupt when the schema has a corrupt-record column.
    Dataset<Row> rows = spark.read().options(options).option("enforceSchema", "true")
        .schema(data.add(CORRUPT, DataTypes.StringType, true)).csv(paths)
        .withColumn(SourceRead.ORIGIN, col("_metadata.file_path"));
    String delimiter = options.getOrDefault("sep", options.getOrDefault("delimiter", ","));
    int expected = data.fields().length;
    Column fields = size(org.apache.spark.sql.functions.split(col(CORRUPT), java.util.regex.Pattern.quote(delimiter), -1));
    String quote = options.getOrDefault("quote", "\"");
    // Counting fields is exact only without quoting; otherwise say what is certain.
    Column reason = when(col(CORRUPT).contains(quote), lit("malformed CSV record (wrong number of fields or a value that does not fit the schema)"))
        .when(fields.notEqual(lit(expected)), concat(fields.cast(DataTypes.StringType), lit(" fields, expected " + expected)))
        .otherwise(lit("a value does not fit the schema"));
    Column text = org.apache.spark.sql.functions.concat_ws(delimiter,
        Arrays.stream(data.fieldNames()).map(name -> column(name).cast(DataTypes.StringType)).toArray(Column[]::new));
    return separate(spark, rows.withColumn("_text", org.apache.spark.sql.functions.coalesce(col(CORRUPT), text)), source, metrics, next,
        List.of(when(col(CORRUPT).isNotNull(), reason)));
  }

  private SourceRead json(SparkSession spark, FileSourceConfig source, String[] paths, Map<String, Long> metrics, SourceState next) {
    DataFrameReader reader = reader(spark, source).option("mode", "PERMISSIVE").option("columnNameOfCorruptRecord", CORRUPT);
    if (!source.encoding().equals(StandardCharsets.UTF_8)) {
      reader = reader.option("encoding", source.encoding().name());
      if (!Boolean.parseBoolean(source.options().getOrDefault("multiLine", "false")) && !source.options().containsKey("lineSep")) {
        reader = reader.option("lineSep", "\n"); // Spark needs the line separator spelled out for a declared encoding
      }
    }
    StructType schema;
    if (source.schema().isPresent()) {
      schema = StructType.fromDDL(source.schema().get());
    } else {
      StructType inferred = reader.json(paths).schema();
      schema = new StructType(Arrays.stream(inferred.fields()).filter(field -> !field.name().equals(CORRUPT)).toArray(StructField[]::new));
      if (schema.fields().length == 0) {
        // No line is a JSON object: the files are blank, or every record is unparseable. Spark refuses
        // to read only the corrupt-record column, so such records are taken as text.
        return Arrays.asList(inferred.fieldNames()).contains(CORRUPT) ? allUnparseable(spark, source, paths, metrics, next)
            : nothing(spark, next, metrics);
      }
      requireDecodedHeader(source, schema);
    }
    // Inference adds the corrupt-record column only when some line is bad; add it always.
    Dataset<Row> rows = reader.schema(schema.add(CORRUPT, DataTypes.StringType, true)).json(paths)
        .withColumn(SourceRead.ORIGIN, col("_metadata.file_path"));
    Column text = org.apache.spark.sql.functions.to_json(org.apache.spark.sql.functions.struct(
        Arrays.stream(schema.fieldNames()).map(FileSourceReader::column).toArray(Column[]::new)));
    return separate(spark, rows.withColumn("_text", org.apache.spark.sql.functions.coalesce(col(CORRUPT), text)), source, metrics, next,
        List.of());
  }

  /** Every non-blank line (every file, with multiLine) as an unparseable record. */
  private static SourceRead allUnparseable(SparkSession spark, FileSourceConfig source, String[] paths, Map<String, Long> metrics,
      SourceState next) {
    boolean multiLine = Boolean.parseBoolean(source.options().getOrDefault("multiLine", "false"));
    Dataset<Row> bad = spark.read().option("wholetext", String.valueOf(multiLine)).text(paths)
        .withColumn(SourceRead.ORIGIN, col("_metadata.file_path"))
        .filter(org.apache.spark.sql.functions.trim(col("value")).notEqual(lit("")))
        .withColumn("_record_number", row_number().over(Window.partitionBy(SourceRead.ORIGIN).orderBy(monotonically_increasing_id()))
            .cast(DataTypes.LongType))
        .select(col(SourceRead.ORIGIN), col("_record_number"), col("value").as("_record"), lit("unparseable JSON record").as("_reason"));
    return new SourceRead(spark.emptyDataFrame().withColumn(SourceRead.ORIGIN, lit("").cast(DataTypes.StringType)),
        Optional.of(UndecodableRecords.mark(spark, bad, source, "_record", "_reason")), next, metrics);
  }

  /** A top-level column by its name as it is, dots and all. */
  private static Column column(String name) {
    return col("`" + name.replace("`", "``") + "`");
  }

  /** Column names come from the first line; one that does not decode would name a column wrongly. */
  private static void requireDecodedHeader(FileSourceConfig source, StructType data) {
    for (String name : data.fieldNames()) {
      if (name.indexOf(EncodingScan.REPLACEMENT) >= 0) {
        throw new StrataException("source '" + source.name() + "': the column name '" + name + "' is not valid " + source.encoding().name()
            + " (U+FFFD stands for bytes that do not decode). Fix: set sources." + source.name()
            + ".encoding to the files' character set, or fix the header line");
      }
    }
  }

  /**
   * Splits parsed rows into good records and quarantined ones, numbering records within each file.
   *
   * <p>Clean files, the usual case, go to the raw layer in one pass that also counts the malformed
   * records and names the files whose records may not have decoded (Spark's observed metrics of the
   * write). The batch stays incomplete until those are known; files with bad records then take a
   * second path, which numbers every record of a file for the quarantine (a sort per file) and
   * replaces the batch.
   */
  private SourceRead separate(SparkSession spark, Dataset<Row> rows, FileSourceConfig source, Map<String, Long> metrics, SourceState next,
      List<Column> checks) {
    Column reason = checks.isEmpty()
        ? when(col(CORRUPT).isNotNull(), lit("unparseable " + source.format().toUpperCase(java.util.Locale.ROOT) + " record"))
        : checks.get(0);
    Dataset<Row> reasoned = rows.withColumn("_reason", reason);
    Column[] probe = {collect_set(when(UndecodableRecords.suspect(source, "_text"), col(SourceRead.ORIGIN))).as("suspect_files"),
        sum(when(col("_reason").isNotNull(), 1L).otherwise(0L)).as("malformed")};
    Observation observed = new Observation();
    Dataset<Row> optimistic = reasoned.observe(observed, probe[0], probe[1]).drop(CORRUPT, "_text", "_reason");
    return new SourceRead(optimistic, Optional.empty(), next, metrics, Optional.empty(),
        Optional.of(() -> quarantining(spark, reasoned, source, metrics, next, ObservedMetrics.await(observed, "source '" + source.name() + "': its records' check",
            () -> reasoned.agg(probe[0], probe[1]).first()))));
  }

  /** Empty when the records are all good; otherwise the read that numbers and quarantines the bad ones. */
  private static Optional<SourceRead> quarantining(SparkSession spark, Dataset<Row> reasoned, FileSourceConfig source,
      Map<String, Long> metrics, SourceState next, Row probe) {
    long malformed = probe.isNullAt(1) ? 0 : probe.getLong(1);
    UndecodableRecords.MalformedFiles undecodable = UndecodableRecords.malformedFiles(spark, source, probe.getList(0));
    if (malformed == 0 && undecodable.none()) {
      return Optional.empty();
    }
    Dataset<Row> numbered = reasoned
        .withColumn("_record_number", row_number().over(Window.partitionBy(SourceRead.ORIGIN).orderBy(monotonically_increasing_id())).cast(DataTypes.LongType))
        .persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> checked = UndecodableRecords.mark(numbered, source, "_text", "_reason", undecodable);
    List<String> drop = List.of(CORRUPT, "_text", "_record_number", "_reason");
    Dataset<Row> good = checked.filter(col("_reason").isNull()).drop(drop.toArray(String[]::new));
    Dataset<Row> bad = checked.filter(col("_reason").isNotNull())
        .select(col(SourceRead.ORIGIN), col("_record_number"), org.apache.spark.sql.functions.coalesce(col(CORRUPT), col("_text")).as("_record"),
            col("_reason"));
    return Optional.of(new SourceRead(good, Optional.of(bad), next, metrics));
  }

  /** The files under the source's path: a glob, a directory (recursively) or one file; hidden files skipped. */
  static List<FileStatus> list(FileSourceConfig source, SparkSession spark) {
    Path pattern = new Path(source.path());
    try {
      FileSystem fs = pattern.getFileSystem(spark.sparkContext().hadoopConfiguration());
      FileStatus[] matches = fs.globStatus(pattern, path -> !path.getName().startsWith(".") && !path.getName().startsWith("_"));
      List<FileStatus> files = new ArrayList<>();
      if (matches == null) {
        return files;
      }
      for (FileStatus match : matches) {
        if (match.isDirectory()) {
          RemoteIterator<LocatedFileStatus> inside = fs.listFiles(match.getPath(), true);
          while (inside.hasNext()) {
            LocatedFileStatus file = inside.next();
            if (!file.getPath().getName().startsWith(".") && !file.getPath().getName().startsWith("_")) {
              files.add(file);
            }
          }
        } else {
          files.add(match);
        }
      }
      files.sort(java.util.Comparator.comparing(file -> file.getPath().toString()));
      return files;
    } catch (FileNotFoundException e) {
      return List.of();
    } catch (IOException e) {
      throw new StrataException("source '" + source.name() + "': cannot list " + source.path() + " (" + e.getMessage()
          + "). Fix: check sources." + source.name() + ".path and the storage credentials", e);
    }
  }
}
