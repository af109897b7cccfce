package io.strata.jobs.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileNotFoundException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CreateFlag;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForklessLocalFsTest {
  @TempDir
  java.nio.file.Path dir;

  /** What Delta's log store does for a commit: write a temporary file, then rename it over the commit's name. */
  @Test
  void writesAndRenamesOverAnExistingFileWithChecksumsAndPermissions() throws Exception {
    FileContext files = fileContext();
    assertThat(files.getDefaultFileSystem()).isInstanceOf(ForklessLocalFs.class);
    Path log = new Path(dir.toUri().toString(), "_delta_log");
    files.mkdir(log, new FsPermission((short) 0700), true);
    Path commit = new Path(log, "00000000000000000000.json");
    write(files, commit, "first");
    Path temporary = new Path(log, ".00000000000000000000.json.tmp");
    write(files, temporary, "second");

    files.rename(temporary, commit, Options.Rename.OVERWRITE);

    java.nio.file.Path local = dir.resolve("_delta_log");
    assertThat(Files.readString(local.resolve("00000000000000000000.json"))).isEqualTo("second");
    assertThat(local.resolve(".00000000000000000000.json.crc")).exists();
    assertThat(local.resolve(".00000000000000000000.json.tmp")).doesNotExist();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(local.resolve("00000000000000000000.json"))))
        .isEqualTo("rw-------");
    try (var in = files.open(commit)) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("second");
    }
  }

  @Test
  void linkStatusAnswersAsHadoopsOwnForLinksFilesAndDirectories() throws Exception {
    FileContext files = fileContext();
    FileContext hadoops = FileContext.getLocalFSFileContext(new Configuration());
    java.nio.file.Path target = Files.writeString(dir.resolve("target.txt"), "rows");
    java.nio.file.Path link = Files.createSymbolicLink(dir.resolve("link.txt"), target);

    for (java.nio.file.Path local : new java.nio.file.Path[] {target, link, dir}) {
      FileStatus ours = files.getFileLinkStatus(new Path(local.toUri()));
      FileStatus theirs = hadoops.getFileLinkStatus(new Path(local.toUri()));
      assertThat(List.of(ours.isSymlink(), ours.isDirectory(), ours.getLen(), ours.getPath()))
          .as(local.toString()).isEqualTo(List.of(theirs.isSymlink(), theirs.isDirectory(), theirs.getLen(), theirs.getPath()));
    }
    assertThat(files.getFileLinkStatus(new Path(target.toUri())).getLen()).isEqualTo(4);
    assertThatThrownBy(() -> files.getFileLinkStatus(new Path(dir.resolve("missing").toUri())))
        .isInstanceOf(FileNotFoundException.class);
  }

  private static FileContext fileContext() throws Exception {
    Configuration conf = new Configuration(false);
    conf.set("fs.AbstractFileSystem.file.impl", ForklessLocalFs.class.getName());
    conf.set("fs.file.impl", ForklessLocalFileSystem.class.getName());
    return FileContext.getLocalFSFileContext(conf);
  }

  private static void write(FileContext files, Path path, String text) throws Exception {
    try (OutputStream out = files.create(path, EnumSet.of(CreateFlag.CREATE, CreateFlag.OVERWRITE),
        Options.CreateOpts.perms(new FsPermission((short) 0600)), Options.CreateOpts.createParent())) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }
}
