package io.strata.jobs.lake;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.jobs.pipeline.ShopPipeline;
import io.strata.jobs.testing.TestingS3FaultProxy;
import io.strata.jobs.testing.TestingS3FaultProxy.Fault;
import io.strata.jobs.testing.TestingS3Server;
import io.strata.jobs.testing.TestingSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault suite's S3 part: a pipeline (a file source, an entity per file, an SCD2 dimension and
 * a fact) on an S3 lake whose requests fail now and then as S3's do under load (503 SlowDown, 500
 * InternalError, a reset connection), through {@link TestingS3FaultProxy}. A run either ends with
 * the curated tables a fault-free run writes, or stops with a clear message and exit code 1, and
 * then a re-run ends with those tables.
 */
class S3StoreFaultIT {
  private static final LocalDate DAY_1 = LocalDate.of(2026, 3, 1);
  private static final LocalDate DAY_2 = LocalDate.of(2026, 3, 2);
  private static final long SEED = 20261202L;
  /** Quick retries, so that a fault costs milliseconds; a request fails for good after 6 throttled or 6 other attempts. */
  private static final String RETRY = "retry { limit = 5, interval = 5ms, throttle-limit = 5, throttle-interval = 5ms, sdk-attempts = 0 }";
  /** The shop pipeline of the other end-to-end tests, its lake given by each test's settings. */
  private static final String PIPELINE = ShopPipeline.CONFIG.replace("name = shop\n", "name = faults\n").replace("lake.root = lake\n", "");
  /** The curated columns a user reads; no load timestamps, which differ from run to run. */
  private static final Map<String, String[]> CURATED = Map.of(
      "dim_customer", ShopPipeline.CUSTOMER_COLUMNS,
      "fact_orders", ShopPipeline.FACT_COLUMNS,
      "dim_date", new String[] {"date_key", "date"});

  @TempDir static Path dir;
  private static ProxiedS3Lake lake;
  private static Map<LocalDate, Map<String, List<String>>> faultFree;

  /** The fault-free run, on a local lake: the curated tables do not depend on where the lake lives, and it is quicker. */
  @BeforeAll
  static void runWithoutFaults() throws IOException {
    TestingSpark.session();
    lake = new ProxiedS3Lake("strata-faults", dir);
    faultFree = new LinkedHashMap<>();
    Path config = pipeline("fault-free", "lake.root = lake\nspark.shuffle-partitions = 2\n");
    for (LocalDate day : List.of(DAY_1, DAY_2)) {
      arrive(config, day);
      assertThat(ProxiedS3Lake.run(config, day, "model").exitCode()).isZero();
      faultFree.put(day, curated(config.getParent().resolve("lake").toUri().toString()));
    }
  }

  @AfterAll
  static void restoreTheSharedSession() throws IOException {
    if (lake != null) {
      lake.close();
    }
  }

  /**
   * Day 1 meets 8% of requests failing at random (503 SlowDown, 500 InternalError, a reset
   * connection): the run retries through them. Day 2 meets a store that throttles every request from
   * the middle of the run on: the run stops cleanly, and a re-run completes it.
   */
  @Test
  void aPipelineOnAFaultyStoreEndsWithTheTablesOfAFaultFreeRun() throws IOException {
    // A run that fails on a throttling store may fail to release its lock too: it goes stale quickly here.
    Path config = pipeline("faulty", lake.lakeConfig("faulty", RETRY) + "lake.lock { heartbeat = 1s, stale-after = 3s }\n");

    arrive(config, DAY_1);
    lake.proxy.clearRequests();
    lake.proxy.injectFaults(0.08, SEED, Fault.SLOW_DOWN, Fault.INTERNAL_ERROR, Fault.CONNECTION_RESET);
    ProxiedS3Lake.Outcome day1 = ProxiedS3Lake.run(config, DAY_1, "model");
    lake.proxy.stopFaults();
    System.out.printf("day 1: %d S3 requests, failed by the proxy: %d 503, %d 500, %d resets%n", lake.proxy.requests().size(),
        lake.proxy.injected(Fault.SLOW_DOWN), lake.proxy.injected(Fault.INTERNAL_ERROR), lake.proxy.injected(Fault.CONNECTION_RESET));
    int requestsOfADay = lake.proxy.requests().size();
    if (day1.exitCode() != 0) {
      assertFailedCleanly(day1);
      assertThat(reRun(config, DAY_1).exitCode()).as("a re-run without faults").isZero();
    }
    assertThat(lake.proxy.injected(Fault.SLOW_DOWN)).as("503 SlowDown answers").isPositive();
    assertThat(lake.proxy.injected(Fault.INTERNAL_ERROR)).as("500 InternalError answers").isPositive();
    assertThat(lake.proxy.injected(Fault.CONNECTION_RESET)).as("reset connections").isPositive();
    assertThat(curated(lake.root("faulty"))).as("curated tables after day 1").isEqualTo(faultFree.get(DAY_1));

    arrive(config, DAY_2);
    lake.proxy.failAfter(requestsOfADay / 2, Fault.SLOW_DOWN);
    ProxiedS3Lake.Outcome day2 = ProxiedS3Lake.run(config, DAY_2, "model");
    lake.proxy.stopFaults();
    assertFailedCleanly(day2);
    assertThat(day2.err()).startsWith("strata: the lake's S3 store failed and S3A's retries ran out (HTTP 503): ")
        .contains("Fix: run the same command again");
    assertThat(reRun(config, DAY_2).exitCode()).as("the re-run").isZero();
    assertThat(curated(lake.root("faulty"))).as("curated tables after day 2").isEqualTo(faultFree.get(DAY_2));

    // Maintenance on a store that throttles every request for a curated table's objects: the failure (here, taking stock of
    // the lake's tables) leads with the store and its fix, as a stage's does, and a re-run on a healthy store completes.
    lake.proxy.failMatching("/faulty/curated/", Fault.SLOW_DOWN);
    ProxiedS3Lake.Outcome maintain = ProxiedS3Lake.maintain(config, DAY_2);
    lake.proxy.stopFaults();
    assertFailedCleanly(maintain);
    assertThat(maintain.err()).contains("Fix: run the same command again").contains(lake.root("faulty") + "/curated/");
    assertThat(ProxiedS3Lake.maintain(config, DAY_2).exitCode()).as("maintain on a healthy store").isZero();
  }

  /** A re-run once the failed run's lock, if it could not release it on the failing store, is stale. */
  private static ProxiedS3Lake.Outcome reRun(Path config, LocalDate day) {
    try {
      Thread.sleep(3_500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    return ProxiedS3Lake.run(config, day, "model");
  }

  private static void assertFailedCleanly(ProxiedS3Lake.Outcome outcome) {
    assertThat(outcome.exitCode()).as(outcome.err()).isEqualTo(1);
    assertThat(outcome.err()).as(outcome.err())
        .startsWith("strata: the lake's S3 store failed and S3A's retries ran out")
        .doesNotContain("unexpected", "bug in Strata", TestingS3Server.SECRET_KEY);
  }

  /** The pipeline with these lake settings, in a directory of its own with its input files beside its config. */
  private static Path pipeline(String name, String lakeSettings) throws IOException {
    Path pipelineDir = Files.createDirectories(dir.resolve(name));
    Files.createDirectories(pipelineDir.resolve("in/customers"));
    Files.createDirectories(pipelineDir.resolve("in/orders"));
    return Files.writeString(pipelineDir.resolve("pipeline.conf"), lakeSettings + PIPELINE);
  }

  /** The day's files land in the pipeline's input directory. Day 2: Ada moves, Edsger leaves, one order is corrected, two arrive. */
  private static void arrive(Path config, LocalDate day) throws IOException {
    Path in = config.getParent().resolve("in");
    if (day.equals(DAY_1)) {
      Files.writeString(in.resolve("customers/customers_2026-03-01.csv"), """
          customer_id,name,city,updated_at
          1,Ada,London,2026-02-01 09:00:00
          2,Grace,Arlington,2026-02-03 10:00:00
          3,Edsger,Eindhoven,2026-02-05 11:00:00
          """);
      Files.writeString(in.resolve("orders/orders_2026-03-01.csv"), """
          order_id,customer_id,order_ts,amount,updated_at
          100,1,2026-02-20 08:00:00,10.50,2026-02-20 08:00:00
          101,2,2026-02-21 09:30:00,99.99,2026-02-21 09:30:00
          102,3,2026-02-27 12:00:00,5.00,2026-02-27 12:00:00
          103,9,2026-02-28 18:00:00,42.00,2026-02-28 18:00:00
          """);
    } else {
      Files.writeString(in.resolve("customers/customers_2026-03-02.csv"), """
          customer_id,name,city,updated_at
          1,Ada,Cambridge,2026-03-01 12:00:00
          2,Grace,Arlington,2026-02-03 10:00:00
          """);
      Files.writeString(in.resolve("orders/orders_2026-03-02.csv"), """
          order_id,customer_id,order_ts,amount,updated_at
          101,2,2026-02-21 09:30:00,89.99,2026-03-01 10:00:00
          104,1,2026-03-01 13:00:00,7.25,2026-03-01 13:00:00
          105,2,2026-03-01 14:00:00,12.00,2026-03-01 14:00:00
          """);
    }
  }

  /** Each curated table's rows of the lake at {@code root}, as sorted {@code a|b|c} lines. */
  private static Map<String, List<String>> curated(String root) {
    Map<String, List<String>> tables = new java.util.TreeMap<>();
    CURATED.forEach((table, columns) -> {
      List<Row> rows = TestingSpark.session().read().format("delta").load(root + "/curated/" + table).collectAsList();
      tables.put(table, rows.stream()
          .map(row -> Arrays.stream(columns).map(column -> String.valueOf((Object) row.getAs(column))).collect(Collectors.joining("|")))
          .sorted().toList());
    });
    return tables;
  }
}
