package io.strata.bench.stream;

import io.strata.bench.BenchSupport;
import io.strata.bench.scale.StrataLocal;
import io.strata.jobs.runlog.RunLog;
import io.strata.jobs.runlog.RunRecord;
import io.strata.jobs.spark.SparkSessionFactory;
import io.strata.kafkabroker.KafkaBroker;
import io.strata.layout.config.PipelineConfig;
import io.strata.layout.config.PipelineConfigLoader;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code scripts/bench/stream}: Kafka into the lake on this machine. Starts a local broker, produces
 * N events (10 JSON fields) and times {@code strata ingest} of them into raw (batch mode); then runs
 * {@code strata stream} through the process rules while events are produced at a fixed rate, and
 * measures the end-to-end latency of each event: from its produce time to the commit of the
 * processed table version that made it visible (Delta's change feed has both).
 */
public final class StreamBenchmark {
  static final String USAGE = "usage: scripts/bench/stream [--events N] [--rate EVENTS_PER_S] [--seconds S] [--trigger SECONDS] [--workdir DIR]";
  private static final String PII_KEY_VARIABLE = "STRATA_BENCH_PII_KEY";
  private static final LocalDate RUN_DATE = LocalDate.of(2026, 3, 1);
  private static final int PARTITIONS = 2;

  record Options(long events, int rate, int seconds, int triggerSeconds, Path workDir) {
    static Options parse(String[] args, Path projectDir) {
      long events = 5_000_000;
      int rate = 10_000;
      // strata stream's own default trigger, for six of its intervals: long enough to see whether micro-batches keep up.
      int seconds = 180;
      int trigger = 30;
      Path workDir = projectDir.resolve("target/bench-stream");
      for (int i = 0; i < args.length; i++) {
        String value = i + 1 < args.length ? args[i + 1] : null;
        if (value == null) {
          throw new IllegalArgumentException(args[i] + " needs a value");
        }
        switch (args[i]) {
          case "--events" -> events = Long.parseLong(value.replace("_", "").replace(",", ""));
          case "--rate" -> rate = Integer.parseInt(value.replace("_", "").replace(",", ""));
          case "--seconds" -> seconds = Integer.parseInt(value);
          case "--trigger" -> trigger = Integer.parseInt(value);
          case "--workdir" -> workDir = Path.of(value).toAbsolutePath();
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        }
        i++;
      }
      if (events < 1 || rate < 1 || seconds < 1 || trigger < 1) {
        throw new IllegalArgumentException("--events, --rate, --seconds and --trigger must be positive");
      }
      return new Options(events, rate, seconds, trigger, workDir);
    }
  }

  private StreamBenchmark() {}

  public static void main(String[] args) {
    BenchSupport.main("stream", USAGE, args, Options::parse, StreamBenchmark::run);
  }

  static String run(Options options, Path projectDir, PrintStream out) throws Exception {
    Path work = options.workDir();
    clean(work);
    Files.createDirectories(work);
    String piiKey = HexFormat.of().formatHex(SecureRandom.getInstanceStrong().generateSeed(32));
    StrataLocal strata = new StrataLocal(projectDir, Map.of(PII_KEY_VARIABLE, piiKey, "STRATA_LOG_DIR", work.resolve("logs").toString()));
    strata.checkBuilt();
    out.printf(Locale.ROOT, "bench stream: %,d events for batch mode; %,d events/s for %d s for continuous mode (trigger %d s); work dir %s; %d cores%n",
        options.events(), options.rate(), options.seconds(), options.triggerSeconds(), work, Runtime.getRuntime().availableProcessors());
    try (KafkaBroker broker = KafkaBroker.start(projectDir, Map.of(), "1g")) {
      try (Admin admin = broker.admin()) {
        admin.createTopics(List.of(new NewTopic("bench_events", PARTITIONS, (short) 1), new NewTopic("bench_live", PARTITIONS, (short) 1)))
            .all().get(60, TimeUnit.SECONDS);
      }
      Path config = Files.writeString(work.resolve("bench-stream.conf"), config(work, broker.bootstrapServers()));
      PipelineConfig pipeline = new PipelineConfigLoader(Map.of(PII_KEY_VARIABLE, piiKey), true).load(config);

      EventProducer producer = new EventProducer(broker.bootstrapServers());
      double produceSeconds = producer.asFastAsPossible("bench_events", options.events());
      out.printf(Locale.ROOT, "bench stream: produced %,d events in %.1f s (%,.0f events/s)%n", options.events(), produceSeconds,
          options.events() / produceSeconds);

      out.println("bench stream: batch mode: strata ingest --source batch_events");
      Duration ingestWall = strata.run(List.of("ingest", "--config", config.toString(), "--run-date", RUN_DATE.toString(), "--source",
          "batch_events"), work.resolve("transcripts/ingest.txt"), out);
      double ingestSeconds = ingestSeconds(pipeline);
      double batchRate = options.events() / ingestSeconds;
      out.printf(Locale.ROOT, "bench stream: batch mode read %,d events into raw in %.1f s (%.1f s with JVM and Spark start): %,.0f events/s%n",
          options.events(), ingestSeconds, ingestWall.toMillis() / 1000.0, batchRate);

      out.println("bench stream: continuous mode: strata stream --source live_events, through process");
      CompletableFuture<Duration> stream = CompletableFuture.supplyAsync(() -> {
        try {
          return strata.run(List.of("stream", "--config", config.toString(), "--source", "live_events", "--trigger",
              options.triggerSeconds() + "s", "--until-idle", (options.triggerSeconds() * 4 + 10) + "s"), work.resolve("transcripts/stream.txt"), out);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      awaitStarted(pipeline, stream);
      long live = (long) options.rate() * options.seconds();
      producer.atRate("bench_live", live, options.rate());
      stream.get(30, TimeUnit.MINUTES);

      Latency latency = latency(pipeline, live);
      out.printf(Locale.ROOT, "bench stream: continuous mode: %,d events, %,.0f events/s from the first produce to the last commit; "
          + "latency p50 %.1f s, p99 %.1f s, max %.1f s%n", latency.events(), latency.rate(), latency.p50(), latency.p99(), latency.max());
      String line = closingLine(options, batchRate, latency);
      out.println(line);
      return line;
    }
  }

  private static String config(Path work, String bootstrap) {
    String columns = "event_id = bigint, customer_id = bigint, product_id = string, page = string, action = string, "
        + "amount = \"decimal(10,2)\", currency = string, country = string, user_agent = string, produced_at = bigint";
    String schema = "event_id BIGINT, customer_id BIGINT, product_id STRING, page STRING, action STRING, amount DECIMAL(10,2), "
        + "currency STRING, country STRING, user_agent STRING, produced_at BIGINT";
    return """
        name = bench_stream
        lake.root = "%s"
        pii.key = "env:%s"
        sources.batch_events { type = kafka, entity = events, bootstrap-servers = "%s", topics = [bench_events], schema = "%s" }
        sources.live_events { type = kafka, entity = live, bootstrap-servers = "%s", topics = [bench_live], schema = "%s" }
        entities.live {
          source = live_events, key = [event_id], stream-process = true
          columns { %s }
        }
        """.formatted(work.resolve("lake").toUri(), PII_KEY_VARIABLE, bootstrap, schema, bootstrap, schema, columns);
  }

  /** The ingest target's time in the run log (the read and the raw write, without JVM and Spark start). */
  private static double ingestSeconds(PipelineConfig config) {
    SparkSession spark = SparkSessionFactory.create(config);
    List<RunRecord> records = new RunLog(spark, config.lake().layout()).recent(1);
    return records.stream().filter(record -> record.stage().equals("ingest") && record.target().equals("batch_events"))
        .mapToLong(RunRecord::durationMillis).max().orElseThrow(() -> new IllegalStateException("no ingest line in the run log")) / 1000.0;
  }

  /** Waits for the stream's checkpoint to appear: the query has started and reads from the end of the empty topic. */
  private static void awaitStarted(PipelineConfig config, CompletableFuture<Duration> stream) throws InterruptedException {
    Path metadata = Path.of(java.net.URI.create(config.lake().layout().streamCheckpoint("live_events").uri())).resolve("metadata");
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (!Files.exists(metadata)) {
      if (stream.isDone()) {
        stream.join();
        throw new IllegalStateException("strata stream ended before it started");
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("strata stream did not start within 5 minutes");
      }
      Thread.sleep(200);
    }
    Thread.sleep(2_000); // the first (empty) micro-batch
  }

  record Latency(long events, double rate, double p50, double p99, double max) {}

  /** The line scripts read; the latency target is relative to the trigger, so the line names it. */
  static String closingLine(Options options, double batchRate, Latency latency) {
    return String.format(Locale.ROOT, "bench stream: events=%d batch=%.0f continuous=%.0f p50-latency=%.1f p99-latency=%.1f trigger=%d",
        options.events(), batchRate, latency.rate(), latency.p50(), latency.p99(), options.triggerSeconds());
  }

  /** Per event: the processed table's commit that inserted it, minus its produce time (both from the lake). */
  private static Latency latency(PipelineConfig config, long expected) {
    SparkSession spark = SparkSessionFactory.create(config);
    String table = config.lake().layout().processed("live").uri();
    Row row = spark.read().format("delta").option("readChangeFeed", "true").option("startingVersion", 0).load(table)
        .where("_change_type = 'insert'")
        .selectExpr("(unix_millis(_commit_timestamp) - produced_at) / 1000.0 AS latency", "produced_at", "unix_millis(_commit_timestamp) AS committed")
        .selectExpr("count(*)", "percentile_approx(latency, 0.5, 10000)", "percentile_approx(latency, 0.99, 10000)", "max(latency)",
            "min(produced_at)", "max(committed)")
        .head();
    long events = row.getLong(0);
    if (events != expected) {
      throw new IllegalStateException("the processed table holds " + events + " events, expected " + expected);
    }
    double span = (row.getLong(5) - row.getLong(4)) / 1000.0;
    return new Latency(events, events / span, ((Number) row.get(1)).doubleValue(), ((Number) row.get(2)).doubleValue(),
        ((Number) row.get(3)).doubleValue());
  }

  private static void clean(Path work) throws java.io.IOException {
    if (!Files.exists(work)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(work)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
