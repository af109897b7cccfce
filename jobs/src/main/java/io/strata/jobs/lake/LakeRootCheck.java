package io.strata.jobs.lake;

import io.strata.layout.LakeLayout;
import io.strata.layout.StrataException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.AccessDeniedException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Checks, before a stage runs, that the lake root can be reached, and turns the SDK's and
 * Hadoop's exceptions into errors that name {@code lake.root} and say what to do.
 */
public final class LakeRootCheck {
  private LakeRootCheck() {}

  /** Creates a local lake root whose parent exists; an S3 root needs only its bucket. */
  public static void verify(LakeLayout layout, Configuration hadoopConf) {
    String root = layout.root().uri();
    Path path = new Path(root);
    try {
      FileSystem fs = path.getFileSystem(hadoopConf);
      if (layout.isS3()) {
        fs.exists(path); // S3A reports a missing bucket on first use, not when created
        return;
      }
      if (fs.exists(path)) {
        if (!fs.getFileStatus(path).isDirectory()) {
          throw new StrataException("lake.root " + root + " is a file, not a directory. Fix: point lake.root at a directory");
        }
        return;
      }
      Path parent = path.getParent();
      if (parent == null || !fs.exists(parent)) {
        throw new StrataException("lake.root " + root + " does not exist, nor does its parent directory. "
            + "Fix: create " + (parent == null ? root : parent.toUri().getPath()) + " or point lake.root at an existing directory");
      }
      fs.mkdirs(path);
    } catch (StrataException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw explain(root, e);
    }
  }

  private static StrataException explain(String root, Exception e) {
    String bucket = URI.create(root).getHost();
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      String type = cause.getClass().getSimpleName();
      if (type.equals("UnknownStoreException") || type.equals("NoSuchBucketException")
          || (cause instanceof FileNotFoundException && String.valueOf(cause.getMessage()).contains("does not exist"))) {
        return new StrataException("lake.root " + root + ": bucket '" + bucket + "' does not exist. "
            + "Fix: create the bucket, or correct lake.root", e);
      }
      if (cause instanceof AccessDeniedException || type.equals("S3Exception") && String.valueOf(cause.getMessage()).contains("403")) {
        return new StrataException("lake.root " + root + ": access denied. "
            + "Fix: check lake.s3.access-key and lake.s3.secret-key (or the credentials of the default chain)", e);
      }
      if (cause instanceof java.net.ConnectException || cause instanceof java.net.UnknownHostException) {
        return new StrataException("lake.root " + root + ": cannot reach the storage endpoint (" + cause.getMessage()
            + "). Fix: check lake.s3.endpoint and that the server is up", e);
      }
    }
    return new StrataException("lake.root " + root + " cannot be used: " + e.getClass().getSimpleName() + ": "
        + e.getMessage() + ". Fix: check lake.root and lake.s3", e);
  }
}
