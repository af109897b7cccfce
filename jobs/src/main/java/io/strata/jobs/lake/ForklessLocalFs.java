package io.strata.jobs.lake;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFs;
import org.apache.hadoop.fs.DelegateToFileSystem;
import org.apache.hadoop.fs.FsConstants;
import org.apache.hadoop.fs.FsServerDefaults;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.local.LocalConfigKeys;

/**
 * Hadoop's {@code file:} {@code AbstractFileSystem} (the one {@code FileContext} uses, and with it
 * Delta's log store and Spark's checkpoint files) on {@link ForklessLocalFileSystem}'s raw file
 * system. Hadoop's own forks {@code chmod} for each file it creates and {@code readlink} for both
 * sides of each rename: about a dozen processes per Delta commit, 1,180 in a run of the demo.
 * Strata uses it for {@code file:} lakes on local masters
 * ({@code spark.hadoop.fs.AbstractFileSystem.file.impl}).
 */
public final class ForklessLocalFs extends ChecksumFs {
  public ForklessLocalFs(URI uri, Configuration conf) throws IOException, URISyntaxException {
    super(new Raw(uri, conf));
  }

  /** What Hadoop's {@code RawLocalFs} is, on the forkless raw file system. */
  static final class Raw extends DelegateToFileSystem {
    Raw(URI uri, Configuration conf) throws IOException, URISyntaxException {
      super(uri, new ForklessLocalFileSystem.Raw(), conf, FsConstants.LOCAL_FS_URI.getScheme(), false);
    }

    @Override
    public int getUriDefaultPort() {
      return -1; // file: URIs have no port
    }

    @Override
    @SuppressWarnings("deprecation")
    public FsServerDefaults getServerDefaults() throws IOException {
      return LocalConfigKeys.getServerDefaults();
    }

    @Override
    public FsServerDefaults getServerDefaults(Path path) throws IOException {
      return LocalConfigKeys.getServerDefaults();
    }

    @Override
    public boolean isValidName(String name) {
      return true; // any local name is valid
    }
  }
}
