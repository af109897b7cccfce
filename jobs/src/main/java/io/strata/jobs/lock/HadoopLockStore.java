package io.strata.jobs.lock;

import static java.util.Objects.requireNonNull;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FSDataOutputStreamBuilder;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lock files through a Hadoop file system. On S3 (S3A, Hadoop 3.4.2+) the exclusive create is a
 * conditional PUT ({@code If-None-Match: *}): S3 itself refuses the second writer with 412, so two
 * runs on two machines cannot both create the same lock file. A replace is a plain PUT, which S3
 * applies whole. A store without conditional writes ({@code fs.s3a.create.conditional.enabled =
 * false}) falls back to create-if-absent, which is not atomic there; the lock's re-check after
 * creating then catches most, not all, races (a warning says so).
 */
final class HadoopLockStore implements LockStore {
  /** Hadoop's createFile() option for a create that the store refuses when the file exists. */
  static final String CONDITIONAL_CREATE = "fs.option.create.conditional.overwrite";
  private static final Logger LOG = LoggerFactory.getLogger(HadoopLockStore.class);

  private final Configuration hadoopConf;
  private boolean warnedNotAtomic;

  HadoopLockStore(Configuration hadoopConf) {
    this.hadoopConf = requireNonNull(hadoopConf, "hadoopConf is null");
  }

  @Override
  public List<String> list(String directory) throws IOException {
    Path dir = new Path(directory);
    try {
      List<String> names = new ArrayList<>();
      for (FileStatus status : dir.getFileSystem(hadoopConf).listStatus(dir)) {
        if (status.isFile()) {
          names.add(status.getPath().getName());
        }
      }
      names.sort(String::compareTo);
      return names;
    } catch (FileNotFoundException e) {
      return List.of();
    }
  }

  @Override
  public List<String> listRecursively(String directory) throws IOException {
    Path dir = new Path(directory);
    List<String> files = new ArrayList<>();
    try {
      RemoteIterator<LocatedFileStatus> iterator = dir.getFileSystem(hadoopConf).listFiles(dir, true);
      while (iterator.hasNext()) {
        files.add(iterator.next().getPath().toString());
      }
    } catch (FileNotFoundException e) {
      return List.of();
    }
    files.sort(String::compareTo);
    return files;
  }

  @Override
  public Optional<StoredFile> read(String file) throws IOException {
    Path path = new Path(file);
    FileSystem fs = path.getFileSystem(hadoopConf);
    try {
      FileStatus status = fs.getFileStatus(path);
      try (InputStream in = fs.open(path)) {
        return Optional.of(new StoredFile(in.readAllBytes(), Instant.ofEpochMilli(status.getModificationTime())));
      }
    } catch (FileNotFoundException e) {
      return Optional.empty();
    }
  }

  @Override
  public boolean createExclusive(String file, byte[] content) throws IOException {
    Path path = new Path(file);
    FileSystem fs = path.getFileSystem(hadoopConf);
    try {
      if (fs.hasPathCapability(path, CONDITIONAL_CREATE)) {
        FSDataOutputStreamBuilder<?, ?> builder = fs.createFile(path).overwrite(false);
        builder.must(CONDITIONAL_CREATE, true);
        try (FSDataOutputStream out = builder.build()) {
          out.write(content); // S3A sends the PUT when the stream closes: a lost race surfaces there
        }
      } else {
        warnNotAtomic(fs);
        try (FSDataOutputStream out = fs.create(path, false)) {
          out.write(content);
        }
      }
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      // S3 answers a lost race with 412 Precondition Failed (or 409 for two conditional writes at once),
      // which S3A reports as different exceptions: the file being there is what counts.
      if (fs.exists(path)) {
        LOG.debug("lock file {} was created by another writer first: {}", file, e.toString());
        return false;
      }
      throw e;
    }
  }

  @Override
  public void replace(String file, byte[] content) throws IOException {
    Path path = new Path(file);
    try (FSDataOutputStream out = path.getFileSystem(hadoopConf).create(path, true)) {
      out.write(content);
    }
  }

  @Override
  public void delete(String file) throws IOException {
    Path path = new Path(file);
    path.getFileSystem(hadoopConf).delete(path, false);
  }

  private void warnNotAtomic(FileSystem fs) {
    if (!warnedNotAtomic) {
      warnedNotAtomic = true;
      LOG.warn("{} offers no conditional create ({}): lake locks fall back to create-if-absent, which is not atomic on object stores",
          fs.getUri(), CONDITIONAL_CREATE);
    }
  }
}
