package io.strata.jobs.ingest.rest;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;

import io.strata.jobs.ingest.SourceRead;
import io.strata.layout.StrataException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Turns received records into Spark DataFrames: the records with {@code _origin}, and the quarantine. */
final class RecordsFrame {
  private static final String JSON = "_json";
  private static final String RECORD = "_record";
  private static final StructType PAIRS = new StructType()
      .add(SourceRead.ORIGIN, DataTypes.StringType, false)
      .add(JSON, DataTypes.StringType, false);
  private static final StructType QUARANTINE = new StructType()
      .add("_origin", DataTypes.StringType, false)
      .add("_record_number", DataTypes.LongType, false)
      .add("_record", DataTypes.StringType, false)
      .add("_reason", DataTypes.StringType, false);

  private RecordsFrame() {}

  /**
   * The records' columns as Spark's JSON reader infers them over all records, preceded by
   * {@code _origin}. Parsing pairs with {@code from_json} keeps each record with its page
   * without touching the record's own fields.
   */
  static Dataset<Row> records(SparkSession spark, String sourceName, List<ReceivedRecord> records) {
    requireNonNull(spark, "spark is null");
    requireNonNull(records, "records is null");
    if (records.isEmpty()) {
      return spark.createDataFrame(List.of(), new StructType().add(SourceRead.ORIGIN, DataTypes.StringType, false));
    }
    List<String> texts = records.stream().map(ReceivedRecord::json).toList();
    StructType schema = spark.read().json(spark.createDataset(texts, Encoders.STRING())).schema();
    Arrays.stream(schema.fieldNames())
        .filter(name -> name.equalsIgnoreCase(SourceRead.ORIGIN))
        .findFirst()
        .ifPresent(name -> {
          throw new StrataException("REST source '" + sourceName + "': records have a field '" + name
              + "', which clashes with the column " + SourceRead.ORIGIN + " Strata adds for the page URL");
        });
    List<Row> rows = records.stream().map(record -> RowFactory.create(record.origin(), record.json())).toList();
    return spark.createDataFrame(rows, PAIRS)
        .select(col(SourceRead.ORIGIN), from_json(col(JSON), schema, Map.of()).as(RECORD))
        .select(SourceRead.ORIGIN, RECORD + ".*");
  }

  /** Quarantine rows: {@code _origin, _record_number, _record, _reason}. */
  static Dataset<Row> quarantine(SparkSession spark, List<QuarantinedRecord> rejected) {
    List<Row> rows = rejected.stream()
        .map(r -> RowFactory.create(r.record().origin(), r.record().number(), r.record().json(), r.reason()))
        .toList();
    return spark.createDataFrame(rows, QUARANTINE);
  }

  /** A received record that cannot be a row, and why. */
  record QuarantinedRecord(ReceivedRecord record, String reason) {
    QuarantinedRecord {
      requireNonNull(record, "record is null");
      requireNonNull(reason, "reason is null");
    }
  }
}
