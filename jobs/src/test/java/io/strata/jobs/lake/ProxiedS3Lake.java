package io.strata.jobs.lake;

import io.strata.jobs.cli.StrataCli;
import io.strata.jobs.testing.TestingS3FaultProxy;
import io.strata.jobs.testing.TestingS3Server;
import io.strata.jobs.testing.TestingSpark;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.delta.DeltaLog;
import picocli.CommandLine;

/**
 * A bucket of its own on the shared test S3 server, reached through a {@link TestingS3FaultProxy},
 * for pipelines the CLI runs. The CLI sets the lake's S3A settings on the shared session's Hadoop
 * configuration; {@link #close()} puts the previous ones back and drops the bucket's cached
 * file system, so the test classes after this one see the session as it was.
 */
final class ProxiedS3Lake implements AutoCloseable {
  /** What one {@code strata} command did. */
  record Outcome(int exitCode, String out, String err) {}

  final String bucket;
  final TestingS3FaultProxy proxy;
  private final Path secrets;
  private final Map<String, String> s3aBefore;

  ProxiedS3Lake(String bucket, Path dir) throws IOException {
    this.bucket = TestingS3Server.shared().bucket(bucket);
    this.s3aBefore = hadoopConf().getPropsWithPrefix("fs.s3a.");
    this.proxy = TestingS3FaultProxy.inFrontOfSharedServer();
    this.secrets = Files.writeString(dir.resolve("lake-secrets.properties"),
        "lake.access=" + TestingS3Server.ACCESS_KEY + "\nlake.secret=" + TestingS3Server.SECRET_KEY + "\n");
  }

  /** The {@code secrets.file} and {@code lake} settings of a config whose lake is {@code s3a://bucket/prefix}. */
  String lakeConfig(String prefix, String extraS3Settings) {
    return "secrets.file = \"" + secrets + "\"\n"
        + "lake {\n"
        + "  root = \"" + root(prefix) + "\"\n"
        + "  s3 {\n"
        + "    endpoint = \"" + proxy.endpoint() + "\"\n"
        + "    path-style-access = true\n"
        + "    ssl-enabled = false\n"
        + "    access-key = \"secret:lake.access\"\n"
        + "    secret-key = \"secret:lake.secret\"\n"
        + "    " + extraS3Settings + "\n"
        + "  }\n"
        + "}\n"
        + "spark.shuffle-partitions = 2\n";
  }

  String root(String prefix) {
    return "s3a://" + bucket + "/" + prefix;
  }

  /** {@code strata run --to LAST} for the day. */
  static Outcome run(Path config, LocalDate day, String last) {
    return strata("run", "--config", config.toString(), "--run-date", day.toString(), "--to", last);
  }

  /** {@code strata maintain} for the day. */
  static Outcome maintain(Path config, LocalDate day) {
    return strata("maintain", "--config", config.toString(), "--run-date", day.toString());
  }

  private static Outcome strata(String... arguments) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = StrataCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    long start = System.nanoTime();
    int code = cli.execute(arguments);
    System.out.printf("strata %s: exit %d in %.1f s%n", String.join(" ", arguments), code, (System.nanoTime() - start) / 1e9);
    return new Outcome(code, out.toString(), err.toString());
  }

  private static Configuration hadoopConf() {
    return TestingSpark.session().sparkContext().hadoopConfiguration();
  }

  @Override
  public void close() throws IOException {
    try {
      FileSystem.get(URI.create("s3a://" + bucket + "/"), hadoopConf()).close();
      DeltaLog.clearCache();
    } finally {
      Configuration conf = hadoopConf();
      conf.getPropsWithPrefix("fs.s3a.").keySet().forEach(key -> conf.unset("fs.s3a." + key));
      s3aBefore.forEach((key, value) -> conf.set("fs.s3a." + key, value));
      proxy.close();
    }
  }
}
