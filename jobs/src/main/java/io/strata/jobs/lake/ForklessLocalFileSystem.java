package io.strata.jobs.lake;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's {@code file:} file system, with permissions set and links read through Java instead of
 * a child process. Without Hadoop's native library (Spark from Maven jars has none), Hadoop runs
 * {@code chmod} in a new process for every file and directory it creates, its checksum files
 * included (a fact of 2,557 daily partitions spent 60 s of its 80 s write forking), and
 * {@code readlink} for the link status {@code FileContext} asks for on each rename. Strata uses
 * it for {@code file:} lakes on local masters ({@code spark.hadoop.fs.file.impl}); checksums and
 * everything else stay Hadoop's.
 */
public final class ForklessLocalFileSystem extends LocalFileSystem {
  private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  public ForklessLocalFileSystem() {
    super(new Raw());
  }

  /** The raw file system underneath, whose {@code setPermission} and {@code getFileLinkStatus} are the changes. */
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

    @Override
    public FileStatus getFileLinkStatus(Path path) throws IOException {
      // Hadoop's answer for a file or directory that is no link is its status; only links need Hadoop's way.
      if (!POSIX || Files.isSymbolicLink(pathToFile(path).toPath())) {
        return super.getFileLinkStatus(path);
      }
      return getFileStatus(path);
    }
  }
}
