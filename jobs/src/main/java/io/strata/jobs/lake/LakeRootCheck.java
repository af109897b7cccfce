package io.strata.jobs.lake;

import io.strata.layout.LakeLayout;
import io.strata.layout.StrataException;
import io.strata.layout.config.ConfigProblem;
import io.strata.layout.config.StrataConfigException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Checks, before a stage runs, that the lake root can be reached and written, and turns the SDK's
 * and Hadoop's exceptions into errors that name {@code lake.root} and say what to do. A root that
 * is missing, not a directory, not writable, or a bucket that does not exist or denies access is a
 * config problem (exit 2); a storage endpoint that does not answer is a runtime failure (exit 1).
 */
public final class LakeRootCheck {
  private static final String PROBE_PREFIX = "_strata_write_probe-";

  private LakeRootCheck() {}

  /** Creates a local lake root whose parent exists and proves it writable; an S3 root needs only its bucket. */
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
          throw problem(root + " is a file, not a directory", "point lake.root at a directory");
        }
      } else {
        Path parent = path.getParent();
        if (parent == null || !fs.exists(parent)) {
          throw problem(root + " does not exist, nor does its parent directory",
              "create " + (parent == null ? root : parent.toUri().getPath()) + " or point lake.root at an existing directory");
        }
        if (!fs.mkdirs(path)) {
          throw cannotWrite(root, localReason(path).orElse("the directory cannot be created"));
        }
      }
      probeWrite(fs, path, root);
    } catch (StrataException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw explain(root, e);
    }
  }

  /**
   * Writes and removes one empty file: a root that exists but is read-only would otherwise fail in
   * the first stage's first commit, deep inside Delta.
   */
  private static void probeWrite(FileSystem fs, Path root, String rootText) {
    Path probe = new Path(root, PROBE_PREFIX + UUID.randomUUID());
    try {
      fs.create(probe, false).close();
      fs.delete(probe, false);
    } catch (IOException e) {
      throw cannotWrite(rootText, reason(e));
    }
  }

  /** Hadoop's local mkdirs answers false without a reason; java.nio says why. */
  private static java.util.Optional<String> localReason(Path path) {
    if (!"file".equals(path.toUri().getScheme())) {
      return java.util.Optional.empty();
    }
    java.nio.file.Path local = java.nio.file.Path.of(path.toUri());
    try {
      Files.createDirectory(local);
      Files.delete(local);
      return java.util.Optional.empty();
    } catch (IOException e) {
      return java.util.Optional.of(reason(e));
    }
  }

  /** "Permission denied" out of "/lake/x (Permission denied)", or the exception's own reason. */
  static String reason(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "Permission denied";
    }
    if (e instanceof FileSystemException fileSystem && fileSystem.getReason() != null) {
      return fileSystem.getReason();
    }
    String message = String.valueOf(e.getMessage());
    int open = message.lastIndexOf(" (");
    if (e instanceof FileNotFoundException && open >= 0 && message.endsWith(")")) {
      return message.substring(open + 2, message.length() - 1);
    }
    return message;
  }

  private static StrataConfigException cannotWrite(String root, String reason) {
    return problem("cannot write to " + root + " (" + reason + ")", "give the user running Strata ("
        + System.getProperty("user.name") + ") write access to it, or point lake.root at a writable directory");
  }

  private static StrataConfigException problem(String message, String fix) {
    return new StrataConfigException(List.of(new ConfigProblem("", "lake.root", message, fix)));
  }

  private static StrataException explain(String root, Exception e) {
    String bucket = URI.create(root).getHost();
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      String type = cause.getClass().getSimpleName();
      if (type.equals("UnknownStoreException") || type.equals("NoSuchBucketException")
          || (cause instanceof FileNotFoundException && String.valueOf(cause.getMessage()).contains("does not exist"))) {
        return withCause(problem("bucket '" + bucket + "' of " + root + " does not exist", "create the bucket, or correct lake.root"), e);
      }
      if (cause instanceof AccessDeniedException || type.equals("S3Exception") && String.valueOf(cause.getMessage()).contains("403")) {
        return withCause(problem("access denied to " + root,
            "check lake.s3.access-key and lake.s3.secret-key (or the credentials of the default chain) and the bucket policy"), e);
      }
      if (cause instanceof java.net.ConnectException || cause instanceof java.net.UnknownHostException) {
        return new StrataException("lake.root " + root + ": cannot reach the storage endpoint (" + cause.getMessage()
            + "). Fix: check lake.s3.endpoint and that the server is up", e);
      }
    }
    return new StrataException("lake.root " + root + " cannot be used: " + e.getClass().getSimpleName() + ": "
        + e.getMessage() + ". Fix: check lake.root and lake.s3", e);
  }

  private static StrataConfigException withCause(StrataConfigException problem, Exception cause) {
    problem.initCause(cause);
    return problem;
  }
}
