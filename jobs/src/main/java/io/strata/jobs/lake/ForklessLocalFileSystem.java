package io.strata.jobs.lake;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's {@code file:} file system, with permissions set through Java instead of a child
 * process. Without Hadoop's native library (Spark from Maven jars has none), Hadoop runs
 * {@code chmod} in a new process for every file and directory it creates, its checksum files
 * included: a fact of 2,557 daily partitions spent 60 s of its 80 s write forking. Strata uses
 * it for {@code file:} lakes on local masters ({@code spark.hadoop.fs.file.impl}); checksums and
 * everything else stay Hadoop's.
 */
public final class ForklessLocalFileSystem extends LocalFileSystem {
  private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  public ForklessLocalFileSystem() {
    super(new Raw());
  }

  /** The raw file system underneath, whose {@code setPermission} is the one change. */
  static final class Raw extends RawLocalFileSystem {
    @Override
    public void setPermission(Path path, FsPermission permission) throws IOException {
      if (!POSIX) {
        super.setPermission(path, permission);
        return;
      }
      // Hadoop's symbols ("rwx", "r-x", ...) are POSIX's; the sticky bit has no NIO form and Hadoop
      // never sets it on a lake's files.
      String symbolic = permission.getUserAction().SYMBOL + permission.getGroupAction().SYMBOL + permission.getOtherAction().SYMBOL;
      Files.setPosixFilePermissions(pathToFile(path).toPath(), PosixFilePermissions.fromString(symbolic));
    }
  }
}
