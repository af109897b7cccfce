package io.strata.jobs.ingest.kafka;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.transform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.jobs.ingest.SourceRead;
import io.strata.layout.config.KafkaSourceConfig;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads the planned offset ranges with Spark's Kafka source as one bounded batch, and shapes
 * each message into the value text plus the Kafka metadata columns.
 */
public final class KafkaMessages {
  /** The value as UTF-8 text (null for a null value). */
  static final String VALUE = "_value";
  /** The value as the bytes Kafka holds (Avro values are decoded from these). */
  static final String VALUE_BYTES = "_value_bytes";
  private static final ObjectMapper JSON = new ObjectMapper();

  private KafkaMessages() {}

  /**
   * The messages of {@code ranges} (non-empty ones only). Not kept: the raw batch's write reads them
   * once, and the quarantine reads them again only when that write counted malformed values.
   */
  static Dataset<Row> read(SparkSession spark, KafkaSourceConfig source, List<OffsetPlan.Range> ranges) {
    DataFrameReader reader = spark.read().format("kafka");
    KafkaClientSettings.sparkOptions(source).forEach(reader::option);
    Dataset<Row> messages = reader
        .option("assign", json(assignment(ranges)))
        .option("startingOffsets", json(offsets(ranges, true)))
        .option("endingOffsets", json(offsets(ranges, false)))
        .option("includeHeaders", "true")
        // Ranges were checked against retention just now; with skip, messages deleted since are skipped too.
        .option("failOnDataLoss", String.valueOf(!source.onDataLoss().equals("skip")))
        .load();
    return shape(messages);
  }

  /**
   * Spark's Kafka columns as Strata keeps them: the value as text ({@link #VALUE}), the
   * {@link KafkaColumns} and {@code _origin} ({@code topic-partition@offset}).
   */
  public static Dataset<Row> shape(Dataset<Row> messages) {
    return messages.select(
        col("value").cast("string").as(VALUE),
        col("value").as(VALUE_BYTES),
        col("topic").as(KafkaColumns.TOPIC),
        col("partition").as(KafkaColumns.PARTITION),
        col("offset").as(KafkaColumns.OFFSET),
        col("timestamp").as(KafkaColumns.TIMESTAMP),
        col("key").cast("string").as(KafkaColumns.KEY),
        transform(col("headers"), header -> struct(header.getField("key").as("key"), header.getField("value").cast("string").as("value")))
            .as(KafkaColumns.HEADERS),
        concat(col("topic"), lit("-"), col("partition").cast("string"), lit("@"), col("offset").cast("string")).as(SourceRead.ORIGIN));
  }

  private static Map<String, List<Integer>> assignment(List<OffsetPlan.Range> ranges) {
    Map<String, List<Integer>> topics = new TreeMap<>();
    ranges.forEach(range -> topics.computeIfAbsent(range.partition().topic(), topic -> new java.util.ArrayList<>()).add(range.partition().partition()));
    return topics;
  }

  private static Map<String, Map<String, Long>> offsets(List<OffsetPlan.Range> ranges, boolean start) {
    Map<String, Map<String, Long>> topics = new TreeMap<>();
    ranges.forEach(range -> topics.computeIfAbsent(range.partition().topic(), topic -> new TreeMap<>())
        .put(String.valueOf(range.partition().partition()), start ? range.start() : range.end()));
    return topics;
  }

  /** {@code {"topic":{"0":42,...}}}, as Spark's Kafka source takes and reports offsets. */
  public static String offsetsJson(Map<org.apache.kafka.common.TopicPartition, Long> offsets) {
    Map<String, Map<String, Long>> topics = new TreeMap<>();
    offsets.forEach((partition, offset) -> topics.computeIfAbsent(partition.topic(), topic -> new TreeMap<>())
        .put(String.valueOf(partition.partition()), offset));
    return json(topics);
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write Kafka offsets as JSON", e);
    }
  }
}
