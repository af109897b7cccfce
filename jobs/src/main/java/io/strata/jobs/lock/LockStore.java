package io.strata.jobs.lock;

import io.strata.layout.LakeLayout;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;

/**
 * The few file operations a lock needs, each atomic where the lock relies on it: a create that
 * fails when the file exists, and a replace that readers see whole or not at all.
 */
public interface LockStore {
  /** A file's content and the time the store last changed it. */
  record StoredFile(byte[] content, Instant modifiedAt) {}

  /** The names of the files directly in {@code directory}; empty when it does not exist. */
  List<String> list(String directory) throws IOException;

  /** The URIs of all files below {@code directory}, at any depth. */
  List<String> listRecursively(String directory) throws IOException;

  Optional<StoredFile> read(String file) throws IOException;

  /** Creates {@code file} with {@code content} unless it exists; false when another writer created it first. */
  boolean createExclusive(String file, byte[] content) throws IOException;

  /** Replaces the content of {@code file} at once. */
  void replace(String file, byte[] content) throws IOException;

  void delete(String file) throws IOException;

  /** The store for a lake: the local file system through java.nio, S3 through Hadoop's S3A with conditional writes. */
  static LockStore forLake(LakeLayout layout, Configuration hadoopConf) {
    return layout.isS3() ? new HadoopLockStore(hadoopConf)
        : new LocalLockStore(java.util.Optional.ofNullable(hadoopConf.get("fs.permissions.umask-mode")));
  }
}
