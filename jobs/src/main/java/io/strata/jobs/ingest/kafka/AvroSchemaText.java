package io.strata.jobs.ingest.kafka;

import io.strata.layout.StrataException;
import io.strata.layout.config.KafkaSourceConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/** The Avro schema of a Kafka source's values, read (inline or from a local or lake file) and checked to parse. */
final class AvroSchemaText {
  private AvroSchemaText() {}

  static String of(SparkSession spark, KafkaSourceConfig source) {
    KafkaSourceConfig.AvroSchema avro = source.avroSchema().orElseThrow(() -> new StrataException("sources." + source.name()
        + ": value-format = avro needs avro-schema or avro-schema-file"));
    String where = avro.file().map(file -> "avro-schema-file " + file).orElse("avro-schema");
    String text = avro.text().orElseGet(() -> read(spark, source, avro.file().orElseThrow()));
    try {
      new Schema.Parser().parse(text);
    } catch (SchemaParseException e) {
      throw new StrataException("sources." + source.name() + ": the " + where + " is not an Avro schema: " + e.getMessage()
          + ". Fix: give the writer's schema as Avro JSON, e.g. {\"type\": \"record\", \"name\": \"Order\", \"fields\": [...]}", e);
    }
    return text;
  }

  private static String read(SparkSession spark, KafkaSourceConfig source, String file) {
    Path path = new Path(file.contains("://") ? file : "file://" + file);
    try (InputStream in = path.getFileSystem(spark.sparkContext().hadoopConfiguration()).open(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new StrataException("sources." + source.name() + ": cannot read avro-schema-file " + file + ": " + e.getMessage()
          + ". Fix: check the path (relative paths are relative to the config file)", e);
    }
  }
}
