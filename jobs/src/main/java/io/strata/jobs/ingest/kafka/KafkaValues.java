package io.strata.jobs.ingest.kafka;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.ltrim;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.strata.jobs.ingest.SourceRead;
import io.strata.layout.StrataException;
import io.strata.layout.config.KafkaSourceConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Turns the messages Spark read (as {@link KafkaMessages} shaped them) into raw rows and
 * quarantined values. {@code json}: each value must be one JSON object; its fields become columns,
 * typed by the source's {@code schema} or inferred over the batch. A null value, text that is not
 * a JSON object, or a field that does not fit the schema is quarantined with its
 * {@code topic-partition@offset} and the reason. {@code string}: the value is the column {@code value}.
 */
public final class KafkaValues {
  private static final String PARSED = "_parsed";
  private static final String CORRUPT = "_corrupt_record";
  private static final String REASON = "_reason";

  private KafkaValues() {}

  /**
   * @param rejected how many messages the records left out for the quarantine, known once the records
   *     are written (from metrics Spark gathers during that write); -1 while unknown. When it says 0
   *     the quarantine need not be computed at all, which saves a second read and parse of the batch.
   */
  public record Separated(Dataset<Row> records, Optional<Dataset<Row>> quarantined, LongSupplier rejected) {
    Separated(Dataset<Row> records, Optional<Dataset<Row>> quarantined) {
      this(records, quarantined, () -> -1L);
    }
  }

  public static Separated separate(SparkSession spark, KafkaSourceConfig source, Dataset<Row> messages) {
    List<Column> metadata = new ArrayList<>();
    KafkaColumns.ALL.forEach(name -> metadata.add(col(name)));
    metadata.add(col(SourceRead.ORIGIN));
    if (source.valueFormat().equals("string")) {
      List<Column> columns = new ArrayList<>(List.of(col(KafkaMessages.VALUE).as("value")));
      columns.addAll(metadata);
      return new Separated(messages.select(columns.toArray(Column[]::new)), Optional.empty());
    }
    if (source.valueFormat().equals("avro")) {
      return avro(spark, source, messages, metadata);
    }
    // Inference reads the batch once more: keep the messages rather than fetch them from the brokers again.
    Dataset<Row> values = source.schema().isPresent() ? messages : messages.localCheckpoint();
    StructType schema = source.schema().map(ddl -> declared(source, ddl)).orElseGet(() -> inferred(spark, values));
    requireNoClash(source, schema);
    Column reason;
    Dataset<Row> parsed;
    if (schema.fields().length == 0) {
      // No value is a JSON object: everything goes to quarantine.
      parsed = values.withColumn(PARSED, lit(null));
      reason = when(col(KafkaMessages.VALUE).isNull(), lit("null value (a tombstone or an empty message)"))
          .otherwise(lit("not a JSON object"));
    } else {
      parsed = values.withColumn(PARSED, from_json(col(KafkaMessages.VALUE), schema.add(CORRUPT, DataTypes.StringType, true),
          Map.of("mode", "PERMISSIVE", "columnNameOfCorruptRecord", CORRUPT)));
      reason = when(col(KafkaMessages.VALUE).isNull(), lit("null value (a tombstone or an empty message)"))
          .when(col(PARSED).isNull().or(not(ltrim(col(KafkaMessages.VALUE)).startsWith("{"))), lit("not a JSON object"))
          .when(col(PARSED + "." + CORRUPT).isNotNull(), lit(source.schema().isPresent()
              ? "malformed JSON, or a field that does not fit sources." + source.name() + ".schema" : "malformed JSON, or not a JSON object"));
    }
    parsed = parsed.withColumn(REASON, reason);
    Dataset<Row> quarantined = parsed.filter(col(REASON).isNotNull()).select(
        col(SourceRead.ORIGIN), col(KafkaColumns.OFFSET).as("_record_number"),
        coalesce(col(KafkaMessages.VALUE), lit("")).as("_record"), col(REASON));
    if (schema.fields().length == 0) {
      return new Separated(spark.emptyDataFrame().withColumn(SourceRead.ORIGIN, lit("").cast(DataTypes.StringType)), Optional.of(quarantined));
    }
    List<Column> columns = new ArrayList<>();
    Arrays.stream(schema.fieldNames()).forEach(name -> columns.add(col(PARSED).getField(name).as(name)));
    columns.addAll(metadata);
    return observed(parsed, columns, quarantined);
  }

  /** The accepted rows of {@code parsed}, counting on the way the rejected ones the quarantine would hold. */
  private static Separated observed(Dataset<Row> parsed, List<Column> columns, Dataset<Row> quarantined) {
    Observation observation = new Observation("strata-kafka-rejected-" + UUID.randomUUID());
    Dataset<Row> records = parsed.observe(observation, sum(when(col(REASON).isNotNull(), 1L).otherwise(0L)).as("rejected"))
        .filter(col(REASON).isNull()).select(columns.toArray(Column[]::new));
    return new Separated(records, Optional.of(quarantined), () -> rejected(observation));
  }

  private static long rejected(Observation observation) {
    // Spark hands the metrics over as the write's query ends; waiting a little covers a busy listener.
    try {
      Row row = scala.concurrent.Await.result(observation.future(), scala.concurrent.duration.Duration.create(10, TimeUnit.SECONDS));
      return row.isNullAt(0) ? 0L : row.getLong(0);
    } catch (java.util.concurrent.TimeoutException e) {
      return -1L;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1L;
    }
  }

  /**
   * Plain Avro binary values (no schema-registry framing) decoded with the source's schema: a record's
   * fields become columns, any other type the column {@code value}. A value the schema cannot decode
   * is quarantined, its bytes in base64.
   */
  private static Separated avro(SparkSession spark, KafkaSourceConfig source, Dataset<Row> messages, List<Column> metadata) {
    String schema = AvroSchemaText.of(spark, source);
    Dataset<Row> parsed = messages.withColumn(PARSED, org.apache.spark.sql.avro.functions.from_avro(col(KafkaMessages.VALUE_BYTES), schema,
        Map.of("mode", "PERMISSIVE")));
    parsed = parsed.withColumn(REASON, when(col(KafkaMessages.VALUE_BYTES).isNull(), lit("null value (a tombstone or an empty message)"))
        .when(undecoded(parsed.schema().apply(PARSED).dataType()), lit("the value does not decode with the Avro schema of sources." + source.name())));
    Dataset<Row> quarantined = parsed.filter(col(REASON).isNotNull()).select(
        col(SourceRead.ORIGIN), col(KafkaColumns.OFFSET).as("_record_number"),
        coalesce(org.apache.spark.sql.functions.base64(col(KafkaMessages.VALUE_BYTES)), lit("")).as("_record"), col(REASON));
    List<Column> columns = new ArrayList<>();
    if (parsed.schema().apply(PARSED).dataType() instanceof StructType record) {
      requireNoClash(source, record);
      Arrays.stream(record.fieldNames()).forEach(name -> columns.add(col(PARSED).getField(name).as(name)));
    } else {
      columns.add(col(PARSED).as("value"));
    }
    columns.addAll(metadata);
    return observed(parsed, columns, quarantined);
  }

  /**
   * In PERMISSIVE mode a value Avro cannot decode comes back as a record of nulls, not as null. A
   * field the schema does not allow to be null (not a union with null) that is null marks it; a
   * schema whose fields all allow null leaves only the all-null record to tell.
   */
  private static Column undecoded(org.apache.spark.sql.types.DataType decoded) {
    if (!(decoded instanceof StructType record)) {
      return col(PARSED).isNull();
    }
    List<StructField> required = Arrays.stream(record.fields()).filter(field -> !field.nullable()).toList();
    List<StructField> tell = required.isEmpty() ? List.of(record.fields()) : required;
    Column missing = required.isEmpty() ? lit(true) : lit(false);
    for (StructField field : tell) {
      Column isNull = col(PARSED).getField(field.name()).isNull();
      missing = required.isEmpty() ? missing.and(isNull) : missing.or(isNull);
    }
    return col(PARSED).isNull().or(missing);
  }

  private static StructType declared(KafkaSourceConfig source, String ddl) {
    try {
      return StructType.fromDDL(ddl);
    } catch (RuntimeException e) {
      throw new StrataException("sources." + source.name() + ".schema is not a Spark DDL schema: " + e.getMessage()
          + ". Fix: write schema = \"id BIGINT, name STRING, updated_at TIMESTAMP\"", e);
    }
  }

  /** The columns Spark's JSON inference finds over the batch's values (objects only; the rest is quarantined). */
  private static StructType inferred(SparkSession spark, Dataset<Row> messages) {
    Dataset<String> values = messages.filter(col(KafkaMessages.VALUE).isNotNull()).select(col(KafkaMessages.VALUE)).as(Encoders.STRING());
    StructType all = spark.read().option("mode", "PERMISSIVE").option("columnNameOfCorruptRecord", CORRUPT).json(values).schema();
    return new StructType(Arrays.stream(all.fields()).filter(field -> !field.name().equals(CORRUPT)).toArray(StructField[]::new));
  }

  private static void requireNoClash(KafkaSourceConfig source, StructType schema) {
    for (String name : schema.fieldNames()) {
      String lower = name.toLowerCase(Locale.ROOT);
      if (KafkaColumns.ALL.contains(lower) || lower.equals(SourceRead.ORIGIN)) {
        throw new StrataException("source " + source.name() + ": the values have a field '" + name + "', which clashes with the column "
            + "Strata adds for the Kafka metadata. Fix: rename the field at the producer, or use value-format = string");
      }
    }
  }
}
