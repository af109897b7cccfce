package io.strata.jobs.ingest.file;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.is_valid_utf8;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.strata.jobs.ingest.SourceRead;
import io.strata.layout.StrataException;
import io.strata.layout.config.FileSourceConfig;
import io.strata.layout.config.FileSourceConfig.EncodingErrors;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the records whose bytes did not decode in the source's declared encoding, so that they
 * are quarantined instead of landing with U+FFFD in place of what the file held.
 *
 * <p>Spark's CSV reader decodes each line with {@code new String(bytes, charset)}, which replaces
 * bytes that do not decode by U+FFFD without a word. So a decoded record that holds U+FFFD is a
 * suspect (and, for UTF-8, a JSON record Spark kept as raw bytes that are not UTF-8); that costs one string search per record on data already read, and nothing more for
 * clean files. The few files with suspects are then decoded again, strictly, in a stream on the
 * driver ({@link EncodingScan}): a file whose bytes all decode really holds U+FFFD and its records
 * stay; a file with bytes that do not decode has its suspects quarantined (or, with
 * {@code encoding-errors = quarantine-file}, all its records). A file that has both bad bytes and
 * a genuine U+FFFD cannot tell its suspects apart cheaply: they are all quarantined, and the
 * reason says so.
 */
final class UndecodableRecords {
  private static final Logger LOG = LoggerFactory.getLogger(UndecodableRecords.class);

  private UndecodableRecords() {}

  /**
   * {@code rows} with the reason column set for undecodable records.
   *
   * @param text a column with the record's text as decoded (the raw line, or the parsed fields rendered)
   */
  static Dataset<Row> mark(SparkSession spark, Dataset<Row> rows, FileSourceConfig source, String text, String reason) {
    List<String> suspectFiles = rows.filter(suspect(source, text)).select(col(SourceRead.ORIGIN)).distinct()
        .as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
    return mark(rows, source, text, reason, malformedFiles(spark, source, suspectFiles));
  }

  /**
   * The suspect files whose bytes do not all decode: {@code undecodable} hold no genuine U+FFFD,
   * {@code ambiguous} hold both bad bytes and U+FFFD.
   */
  record MalformedFiles(List<String> undecodable, List<String> ambiguous) {
    boolean none() {
      return undecodable.isEmpty() && ambiguous.isEmpty();
    }
  }

  /** Decodes each suspect file again, strictly, on the driver. */
  static MalformedFiles malformedFiles(SparkSession spark, FileSourceConfig source, List<String> suspectFiles) {
    List<String> undecodable = new ArrayList<>();
    List<String> ambiguous = new ArrayList<>();
    for (String file : suspectFiles) {
      EncodingScan scan = scan(spark, source, file);
      if (scan.malformed()) {
        (scan.holdsReplacementCharacter() ? ambiguous : undecodable).add(file);
        LOG.warn("source {}: {} has bytes that are not valid {}; its records that do not decode are quarantined", source.name(), file,
            source.encoding().name());
      }
    }
    return new MalformedFiles(List.copyOf(undecodable), List.copyOf(ambiguous));
  }

  /** A record whose text may not have decoded: it holds U+FFFD (or, for UTF-8, is not valid UTF-8). */
  static Column suspect(FileSourceConfig source, String text) {
    Column suspect = col(text).contains(String.valueOf(EncodingScan.REPLACEMENT));
    if (source.encoding().equals(StandardCharsets.UTF_8)) {
      // Spark's JSON reader keeps a record it could not parse as the raw bytes, undecoded
      suspect = suspect.or(not(is_valid_utf8(col(text))));
    }
    return suspect;
  }

  /** As {@link #mark(SparkSession, Dataset, FileSourceConfig, String, String)}, with the malformed files already found. */
  static Dataset<Row> mark(Dataset<Row> rows, FileSourceConfig source, String text, String reason, MalformedFiles files) {
    if (files.none()) {
      return rows;
    }
    Column suspect = suspect(source, text);
    List<String> undecodable = files.undecodable();
    List<String> ambiguous = files.ambiguous();
    String charset = source.encoding().name();
    List<String> malformed = new ArrayList<>(undecodable);
    malformed.addAll(ambiguous);
    Column inMalformedFile = col(SourceRead.ORIGIN).isin(malformed.toArray());
    Column marked;
    if (source.encodingErrors() == EncodingErrors.QUARANTINE_FILE) {
      marked = when(inMalformedFile, lit("the file is not valid " + charset + ": some of its bytes do not decode (sources." + source.name()
          + ".encoding-errors = quarantine-file)")).otherwise(col(reason));
    } else {
      marked = when(suspect.and(col(SourceRead.ORIGIN).isin(undecodable.toArray())),
              lit("not valid " + charset + ": bytes that do not decode, shown as U+FFFD"))
          .when(suspect.and(col(SourceRead.ORIGIN).isin(ambiguous.toArray())),
              lit("not valid " + charset + ", or holds U+FFFD in a file with bytes that do not decode"))
          .otherwise(col(reason));
    }
    return rows.withColumn(reason, marked);
  }

  /** Decodes the file as Spark read it: a compressed file ({@code .gz}, {@code .bz2} ...) through its codec. */
  private static EncodingScan scan(SparkSession spark, FileSourceConfig source, String file) {
    Path path = new Path(URI.create(file));
    org.apache.hadoop.conf.Configuration conf = spark.sparkContext().hadoopConfiguration();
    CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(path);
    try (InputStream raw = path.getFileSystem(conf).open(path); InputStream in = codec == null ? raw : codec.createInputStream(raw)) {
      return EncodingScan.of(in, source.encoding());
    } catch (IOException e) {
      throw new StrataException("source '" + source.name() + "': cannot read " + file + " again to check its encoding (" + e.getMessage()
          + "). Fix: check that the file is still there and readable", e);
    }
  }
}
