package io.strata.jobs.model;

import static java.util.Objects.requireNonNull;

import io.strata.layout.LakeLayout;
import io.strata.layout.StrataException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * The greatest surrogate key a dimension ever handed out, kept in {@code _state/model_<dimension>}.
 * The table's own maximum is not enough: a late change can merge two stored versions, and if the
 * removed one held the greatest key, the next new row would get that key again.
 */
final class SurrogateKeyHighWater {
  private final Path file;
  private final Configuration hadoopConf;

  private SurrogateKeyHighWater(Path file, Configuration hadoopConf) {
    this.file = requireNonNull(file, "file is null");
    this.hadoopConf = requireNonNull(hadoopConf, "hadoopConf is null");
  }

  static SurrogateKeyHighWater of(SparkSession spark, LakeLayout layout, String dimension) {
    return new SurrogateKeyHighWater(new Path(layout.state("model_" + dimension).uri(), "surrogate-key-high-water"),
        spark.sparkContext().hadoopConfiguration());
  }

  /** 0 before the first key was handed out. */
  long read() {
    try {
      FileSystem fs = file.getFileSystem(hadoopConf);
      if (!fs.exists(file)) {
        return 0L;
      }
      try (InputStream in = fs.open(file)) {
        return Long.parseLong(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim());
      }
    } catch (IOException | NumberFormatException e) {
      throw new StrataException("cannot read the surrogate-key high-water mark " + file + ": " + e.getMessage()
          + ". Fix: restore the file, or delete it if the dimension table was never edited by hand", e);
    }
  }

  void write(long greatest) {
    try (OutputStream out = file.getFileSystem(hadoopConf).create(file, true)) {
      out.write(Long.toString(greatest).getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new StrataException("cannot write the surrogate-key high-water mark " + file + ": " + e.getMessage()
          + ". The dimension is committed; re-running the model stage writes the mark again", e);
    }
  }
}
