package io.strata.jobs.lake;

import io.strata.layout.StrataException;
import io.strata.layout.config.LakeConfig;
import java.io.IOException;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Who may read what Strata writes to a local or HDFS lake: the raw layer and the quarantine hold
 * unmasked PII, so by default only the owner ({@code lake.umask = 077}: files 0600, directories
 * 0700). Every write to the lake (Spark's Parquet, Delta's log, the state files) goes through
 * Hadoop's FileSystem, which applies {@code fs.permissions.umask-mode} to the files and
 * directories it creates, on the driver and, through {@code spark.hadoop.*}, on executors. On S3
 * the umask means nothing: access is the bucket policy's business.
 */
public final class LakePermissions {
  /** Hadoop's {@code CommonConfigurationKeys.FS_PERMISSIONS_UMASK_KEY}. */
  public static final String UMASK_KEY = "fs.permissions.umask-mode";

  private LakePermissions() {}

  /** The Hadoop settings for the lake's umask; none with {@code lake.umask = inherit}. */
  public static Map<String, String> hadoopOptions(LakeConfig lake) {
    return lake.umask().map(umask -> Map.of(UMASK_KEY, umask)).orElse(Map.of());
  }

  /**
   * Sets the umask also on the configuration of the lake's cached FileSystem: Hadoop caches one
   * instance per scheme and user, and it reads the umask from the configuration it was created
   * with, which may be an older one than Spark's.
   */
  public static void apply(LakeConfig lake, Configuration hadoopConf) {
    if (lake.umask().isEmpty() || lake.layout().isS3()) {
      return;
    }
    hadoopConf.set(UMASK_KEY, lake.umask().get());
    try {
      new Path(lake.root()).getFileSystem(hadoopConf).getConf().set(UMASK_KEY, lake.umask().get());
    } catch (IOException e) {
      throw new StrataException("lake.root " + lake.root() + " cannot be used: " + e.getMessage() + ". Fix: check lake.root", e);
    }
  }
}
