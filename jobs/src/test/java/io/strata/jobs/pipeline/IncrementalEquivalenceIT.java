package io.strata.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.jobs.testing.TestingPostgres;
import io.strata.jobs.testing.TestingSpark;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A random sequence of daily batches runs through the CLI twice: incrementally, and with
 * {@code --full-refresh} every day. After every day the curated tables of the two lakes are
 * identical. The batches hold new customers, tracked and type-1 changes, changes dated in the
 * past (which split a stored version), customers dropped from the snapshot and coming back,
 * orders for customers who arrive later, re-dated and re-priced orders, and a re-run of a day.
 * The incremental lake also exports incrementally to PostgreSQL every day, and the warehouse
 * tables equal the curated tables (what a full swap would publish) after every day.
 * Seeded: {@code -Dstrata.equivalence.seed=N} replays a run; a failure names its seed.
 */
class IncrementalEquivalenceIT {
  private static final int DAYS = 4;
  private static final LocalDate FIRST = LocalDate.of(2026, 3, 1);
  private static final String[] CITIES = {"London", "Paris", "Rome", "Oslo", "Lima"};
  private static final String[] NAMES = {"Ada", "Bob", "Cy", "Dee", "Eve", "Fay"};

  @TempDir Path dir;

  /** A customer row as the source holds it. */
  private record Customer(long id, String name, String city, LocalDateTime updatedAt) {
    String line() {
      return id + "," + name + "," + city + "," + updatedAt.toString().replace('T', ' ') + (updatedAt.getSecond() == 0 ? ":00" : "");
    }
  }

  @Test
  void incrementalRunsEqualFullRebuildsAfterEveryDay() throws Exception {
    long seed = Long.getLong("strata.equivalence.seed", System.nanoTime() % 100_000);
    Random random = new Random(seed);
    java.nio.file.Files.createDirectories(dir.resolve("incremental"));
    Path password = java.nio.file.Files.writeString(dir.resolve("incremental/warehouse.password"), TestingPostgres.shared().password());
    String url = TestingPostgres.shared().createDatabase("equivalence");
    ShopPipeline incremental = new ShopPipeline(dir.resolve("incremental"), ShopPipeline.withWarehouse(url, "shop", password));
    ShopPipeline full = new ShopPipeline(dir.resolve("full"));
    Map<Long, Customer> source = new TreeMap<>();
    Map<Long, String> orders = new LinkedHashMap<>();
    for (long id = 1; id <= 6; id++) {
      source.put(id, new Customer(id, NAMES[(int) id % NAMES.length], CITIES[random.nextInt(CITIES.length)], FIRST.minusDays(30).atStartOfDay()));
    }
    long nextOrder = 100;
    StringBuilder incrementalOutput = new StringBuilder();
    for (int day = 0; day < DAYS; day++) {
      LocalDate runDate = FIRST.plusDays(day);
      if (day > 0) {
        change(source, random, runDate);
      }
      List<String> orderLines = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        // Customers 1..9: 7..9 do not exist yet at first, so their orders wait for them as the unknown member.
        long customer = 1 + random.nextInt(9);
        LocalDateTime at = runDate.atTime(8 + random.nextInt(10), 0).minusDays(random.nextInt(4));
        orderLines.add(order(nextOrder++, customer, at, runDate, random));
      }
      if (day > 0) {
        // An earlier order re-sent: re-dated (its partition moves) or re-priced.
        long id = 100 + random.nextInt((int) (nextOrder - 100 - 6));
        orderLines.add(order(id, 1 + random.nextInt(9), runDate.atTime(7, 0).minusDays(random.nextInt(6)), runDate, random));
      }
      orderLines.forEach(line -> orders.put(Long.parseLong(line.substring(0, line.indexOf(','))), line));
      String[] customerLines = source.values().stream().map(Customer::line).toArray(String[]::new);
      String[] todaysOrders = orderLines.toArray(String[]::new);
      incremental.customers(runDate, customerLines).orders(runDate, todaysOrders);
      full.customers(runDate, customerLines).orders(runDate, todaysOrders);

      incremental.runTo(runDate, "export");
      incrementalOutput.append(incremental.output);
      if (day == 1) {
        incremental.runTo(runDate, "export"); // a re-run of the same date
        incrementalOutput.append(incremental.output);
      }
      full.runTo(runDate, "model", "--full-refresh");

      for (String[] table : List.of(new String[] {"dim_customer", "dim_customer_key", "customer_id", "name", "city", "effective_from",
              "effective_to", "is_current", "version", "is_deleted", "row_hash"},
          new String[] {"fact_orders", "order_id", "customer_key", "order_date_key", "amount", "partition_date"},
          new String[] {"dim_date", "date_key", "date", "month", "quarter", "year"})) {
        String[] columns = java.util.Arrays.copyOfRange(table, 1, table.length);
        List<String> curated = incremental.rows(table[0], columns);
        assertThat(curated).as("%s after %s, seed %d (replay: -Dstrata.equivalence.seed=%d)", table[0], runDate, seed, seed)
            .isEqualTo(full.rows(table[0], columns));
        assertThat(ShopPipeline.rows(warehouse(url, table[0]), columns)).as("warehouse %s after %s, seed %d", table[0], runDate, seed)
            .isEqualTo(curated);
      }
    }
    // Some day's dimension build read only its changes (the last day alone may have none, depending on the seed).
    assertThat(incrementalOutput.toString()).as("seed %d", seed).contains("changes since the last build");
  }

  private static org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> warehouse(String url, String table) {
    java.util.Properties properties = new java.util.Properties();
    properties.setProperty("user", TestingPostgres.USER);
    properties.setProperty("password", TestingPostgres.shared().password());
    return TestingSpark.session().read().jdbc(url, "shop." + table, properties);
  }

  private static String order(long id, long customer, LocalDateTime at, LocalDate runDate, Random random) {
    return id + "," + customer + "," + at.toString().replace('T', ' ') + ":00," + (1 + random.nextInt(50)) + ".00,"
        + runDate.atTime(23, 0).toString().replace('T', ' ') + ":00";
  }

  /** One day's changes at the source: moves, renames, late-dated moves, leavers, returns and newcomers. */
  private static void change(Map<Long, Customer> source, Random random, LocalDate runDate) {
    for (long id = 1; id <= 9; id++) {
      Customer now = source.get(id);
      int roll = random.nextInt(10);
      if (now == null) {
        if (roll < 4) { // arrives, known to the shop since some days: its version starts before the orders that waited
          source.put(id, new Customer(id, NAMES[(int) id % NAMES.length], CITIES[random.nextInt(CITIES.length)],
              runDate.minusDays(10).atStartOfDay()));
        }
      } else if (roll == 0) {
        source.remove(id); // leaves the snapshot: deleted at the run date
      } else if (roll <= 2) {
        source.put(id, new Customer(id, now.name(), other(now.city(), random), runDate.atTime(9, 0)));
      } else if (roll == 3) { // a move dated before the current version started: splits the interval it falls into
        source.put(id, new Customer(id, now.name(), other(now.city(), random), now.updatedAt().minusHours(1 + random.nextInt(72))));
      } else if (roll == 4) {
        source.put(id, new Customer(id, now.name() + "x", now.city(), runDate.atTime(10, 0)));
      }
    }
  }

  private static String other(String city, Random random) {
    String next = CITIES[random.nextInt(CITIES.length)];
    return next.equals(city) ? CITIES[(java.util.Arrays.asList(CITIES).indexOf(city) + 1) % CITIES.length] : next;
  }
}
