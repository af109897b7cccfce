package io.strata.bench.e2e;

import static java.util.Objects.requireNonNull;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The retail workload of {@code scripts/bench/e2e}, seeded and reproducible: customers, products
 * and suppliers as CSV files (the benchmark loads the customers into a PostgreSQL source table and
 * serves the suppliers from a REST endpoint; DuckDB reads all of them as files), and order lines
 * over {@code years} years as one CSV file per year, in time order.
 *
 * <p>Every customer, product and supplier was last updated in the year before the first order, so
 * every order line finds its members and the star holds no unknown member.
 */
final class RetailWorkload {
  static final List<String> CITIES = List.of("London", "Leeds", "Paris", "Lyon", "Berlin", "Hamburg", "Madrid", "Seville", "Rome",
      "Milan", "Vienna", "Zurich", "Oslo", "Dublin", "Lisbon", "Porto", "Prague", "Warsaw", "Athens", "Helsinki");
  static final List<String> SEGMENTS = List.of("consumer", "corporate", "small_business");
  static final List<String> CATEGORIES = List.of("grocery", "toys", "garden", "books", "music", "sports", "kitchen", "beauty", "tools",
      "office", "pets", "clothing");
  static final List<String> COUNTRIES = List.of("GB", "FR", "DE", "ES", "IT", "AT", "CH", "NO", "IE", "PT", "CZ", "PL", "GR", "FI", "NL");

  private final E2eOptions options;

  RetailWorkload(E2eOptions options) {
    this.options = requireNonNull(options, "options is null");
  }

  /** What was written, with the totals the warehouse must hold. */
  record Written(long lines, long orders, long amountCents, Path customers, Path products, Path suppliers, Path lineFiles) {}

  Written write(Path input) throws IOException {
    Files.createDirectories(input.resolve("lines"));
    SplittableRandom random = new SplittableRandom(options.seed());
    LocalDateTime memberTime = options.firstOrderDate().minusYears(1).atStartOfDay();
    Path customers = input.resolve("customers.csv");
    try (BufferedWriter out = Files.newBufferedWriter(customers)) {
      out.write("customer_id,name,email,city,segment,updated_at\n");
      for (long id = 1; id <= options.customers(); id++) {
        out.write(id + ",Customer " + id + ",customer" + id + "@example.com," + pick(random, CITIES) + "," + pick(random, SEGMENTS) + ","
            + timestamp(memberTime.plusSeconds(random.nextLong(365L * 86_400))) + "\n");
      }
    }
    Path suppliers = input.resolve("suppliers.csv");
    try (BufferedWriter out = Files.newBufferedWriter(suppliers)) {
      out.write("supplier_id,name,country,updated_at\n");
      for (long id = 1; id <= options.suppliers(); id++) {
        out.write(id + ",Supplier " + id + "," + pick(random, COUNTRIES) + "," + timestamp(memberTime.plusSeconds(random.nextLong(365L * 86_400)))
            + "\n");
      }
    }
    long[] priceCents = new long[Math.toIntExact(options.products() + 1)];
    long[] supplierOf = new long[priceCents.length];
    Path products = input.resolve("products.csv");
    try (BufferedWriter out = Files.newBufferedWriter(products)) {
      out.write("product_id,name,category,price,supplier_id,updated_at\n");
      for (int id = 1; id <= options.products(); id++) {
        priceCents[id] = 100 + random.nextLong(49_900);
        supplierOf[id] = 1 + random.nextLong(options.suppliers());
        out.write(id + ",Product " + id + "," + pick(random, CATEGORIES) + "," + money(priceCents[id]) + "," + supplierOf[id] + ","
            + timestamp(memberTime.plusSeconds(random.nextLong(365L * 86_400))) + "\n");
      }
    }
    long first = options.firstOrderDate().atStartOfDay().toEpochSecond(ZoneOffset.UTC);
    long span = options.runDate().plusDays(1).atStartOfDay().toEpochSecond(ZoneOffset.UTC) - first;
    long written = 0;
    long orders = 0;
    long amountCents = 0;
    int year = -1;
    BufferedWriter out = null;
    try {
      while (written < options.lines()) {
        long orderId = ++orders;
        // Orders follow each other in time; a line's position in the file fixes its order's time.
        long seconds = first + (long) ((double) written / options.lines() * span);
        LocalDateTime orderTime = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
        if (orderTime.getYear() != year) {
          if (out != null) {
            out.close();
          }
          year = orderTime.getYear();
          out = Files.newBufferedWriter(input.resolve("lines").resolve("lines-" + year + ".csv"));
          out.write("order_id,line_number,order_ts,customer_id,product_id,supplier_id,quantity,unit_price,discount\n");
        }
        String time = timestamp(orderTime);
        long customer = 1 + random.nextLong(options.customers());
        int lineCount = (int) Math.min(1 + random.nextInt(5), options.lines() - written);
        for (int line = 1; line <= lineCount; line++) {
          int product = 1 + random.nextInt(Math.toIntExact(options.products()));
          int quantity = 1 + random.nextInt(10);
          long discount = random.nextInt(5) == 0 ? Math.round(quantity * priceCents[product] * 0.05) : 0;
          amountCents += quantity * priceCents[product] - discount;
          out.write(orderId + "," + line + "," + time + "," + customer + "," + product + "," + supplierOf[product] + "," + quantity + ","
              + money(priceCents[product]) + "," + money(discount) + "\n");
        }
        written += lineCount;
      }
    } finally {
      if (out != null) {
        out.close();
      }
    }
    return new Written(written, orders, amountCents, customers, products, suppliers, input.resolve("lines"));
  }

  private static String pick(SplittableRandom random, List<String> values) {
    return values.get(random.nextInt(values.size()));
  }

  static String money(long cents) {
    return (cents / 100) + "." + (cents % 100 < 10 ? "0" : "") + (cents % 100);
  }

  static String timestamp(LocalDateTime time) {
    return time.toLocalDate() + " " + (time.getHour() < 10 ? "0" : "") + time.getHour() + ":" + (time.getMinute() < 10 ? "0" : "")
        + time.getMinute() + ":" + (time.getSecond() < 10 ? "0" : "") + time.getSecond();
  }
}
