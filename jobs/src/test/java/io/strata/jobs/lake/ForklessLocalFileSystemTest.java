package io.strata.jobs.lake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForklessLocalFileSystemTest {
  @TempDir
  java.nio.file.Path dir;

  @Test
  void createsFilesAndDirectoriesWithTheAskedPermissionsAndChecksums() throws Exception {
    Configuration conf = new Configuration(false);
    conf.set("fs.file.impl", ForklessLocalFileSystem.class.getName());
    conf.setBoolean("fs.file.impl.disable.cache", true);
    try (FileSystem fs = FileSystem.get(dir.toUri(), conf)) {
      assertThat(fs).isInstanceOf(ForklessLocalFileSystem.class);
      Path partition = new Path(dir.toUri().toString(), "partition_date=2026-03-01");
      assertThat(fs.mkdirs(partition, new FsPermission((short) 0750))).isTrue();
      Path file = new Path(partition, "part-0.parquet");
      try (OutputStream out = fs.create(file, new FsPermission((short) 0640), false, 4096, (short) 1, 1 << 20, null)) {
        out.write("rows".getBytes(StandardCharsets.UTF_8));
      }
      fs.setPermission(file, new FsPermission((short) 0604));

      java.nio.file.Path local = dir.resolve("partition_date=2026-03-01");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(local))).isEqualTo("rwxr-x---");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(local.resolve("part-0.parquet")))).isEqualTo("rw----r--");
      assertThat(Files.readString(local.resolve("part-0.parquet"))).isEqualTo("rows");
      assertThat(local.resolve(".part-0.parquet.crc")).exists();
      try (var in = fs.open(file)) {
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("rows");
      }
    }
  }
}
