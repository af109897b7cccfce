package io.strata.jobs.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.jobs.testing.TestingSpark;
import io.strata.layout.LakeLayout;
import io.strata.layout.config.StrataConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalLakeRootIT {
  @TempDir Path dir;

  private final Configuration conf = TestingSpark.session().sparkContext().hadoopConfiguration();

  @Test
  void createsALocalRootWhoseParentExists() {
    Path root = dir.resolve("lake");

    LakeRootCheck.verify(new LakeLayout(root.toUri()), conf);

    assertThat(root).isDirectory();
  }

  @Test
  void refusesARootWhoseParentIsMissing() {
    Path root = dir.resolve("no/such/lake");

    assertThatThrownBy(() -> LakeRootCheck.verify(new LakeLayout(root.toUri()), conf))
        .isInstanceOf(StrataConfigException.class)
        .hasMessageEndingWith("lake.root: file://" + root + " does not exist, nor does its parent directory. Fix: create "
            + root.getParent() + " or point lake.root at an existing directory");
    assertThat(root.getParent()).doesNotExist();
  }

  @Test
  void refusesARootThatIsAFile() throws IOException {
    Path file = Files.writeString(dir.resolve("lake"), "not a directory");

    assertThatThrownBy(() -> LakeRootCheck.verify(new LakeLayout(file.toUri()), conf))
        .isInstanceOf(StrataConfigException.class)
        .hasMessageContaining("lake.root: file://" + file + " is a file, not a directory. Fix: point lake.root at a directory");
  }
}
