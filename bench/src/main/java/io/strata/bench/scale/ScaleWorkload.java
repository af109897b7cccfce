package io.strata.bench.scale;

import static java.util.Objects.requireNonNull;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The benchmark's input files, generated as CSV by plain Java from a seed, so a run with the same
 * options reads the same bytes.
 *
 * <p>Day 1 holds every customer (one version each, starting in the year before the first order)
 * and every order of {@code days} daily partitions ending on the first run date. Day 2 holds only
 * what changed: 1% of the customers (60% of them in a tracked column, city or segment, the rest
 * only in their name, a type-1 column; a fifth of them late, with a change time in the 30 days
 * before day 1, which splits the version day 1 built), 0.1% new customers, and 1% new orders (95%
 * on the second run date, 5% late, on one of the 30 days before it).
 */
final class ScaleWorkload {
  static final String CUSTOMER_HEADER = "customer_id,name,email,city,segment,updated_at";
  static final String ORDER_HEADER = "order_id,customer_id,order_ts,amount";
  private static final long ORDERS_PER_FILE = 1_000_000;
  private static final int LATE_DAYS = 30;
  private static final long DAY = 86_400;

  private static final String[] FIRST_NAMES = {"Ada", "Alan", "Barbara", "Carl", "Chen", "Dana", "Edsger", "Emma", "Farah", "Grace",
      "Hana", "Ines", "Ivan", "John", "Kofi", "Lena", "Liu", "Maria", "Mateo", "Nadia", "Noah", "Olga", "Omar", "Priya", "Quinn",
      "Rosa", "Sami", "Sofia", "Tariq", "Uma", "Victor", "Wei", "Xenia", "Yusuf", "Zoe"};
  private static final String[] LAST_NAMES = {"Abe", "Berg", "Costa", "Dias", "Evans", "Fischer", "Garcia", "Hughes", "Ito", "Jensen",
      "Kim", "Lopez", "Meyer", "Novak", "Okafor", "Patel", "Quist", "Rossi", "Silva", "Tanaka", "Ueda", "Varga", "Weber", "Xu",
      "Yilmaz", "Zhang"};
  private static final String[] CITIES = {"Amsterdam", "Athens", "Barcelona", "Berlin", "Bristol", "Brno", "Cambridge", "Cork",
      "Dublin", "Edinburgh", "Geneva", "Glasgow", "Hamburg", "Helsinki", "Krakow", "Leeds", "Lisbon", "London", "Lyon", "Madrid",
      "Manchester", "Milan", "Munich", "Oslo", "Paris", "Porto", "Prague", "Riga", "Rome", "Stockholm", "Tallinn", "Vienna",
      "Vilnius", "Warsaw", "Zurich"};
  private static final String[] SEGMENTS = {"consumer", "corporate", "home_office", "small_business"};

  /** What day 2 holds, so the benchmark can check what the warehouse ends with. */
  record DayTwo(long changed, long tracked, long typeOneOnly, long late, long newCustomers, long newOrders, long lateOrders) {}

  private record Customer(long id, String first, String last, String city, String segment, long updatedAt) {}

  private final ScaleOptions options;
  private final long firstOrderDay;
  private final long firstRunDay;

  ScaleWorkload(ScaleOptions options) {
    this.options = requireNonNull(options, "options is null");
    this.firstRunDay = options.firstRunDate().toEpochDay();
    this.firstOrderDay = firstRunDay - (options.days() - 1);
  }

  /** The first and last order day of day 1. */
  LocalDate[] orderRange() {
    return new LocalDate[] {LocalDate.ofEpochDay(firstOrderDay), options.firstRunDate()};
  }

  /** Writes day 1's files: every customer and every order. */
  void writeDayOne(Path customers, Path orders) throws IOException {
    Files.createDirectories(customers);
    Files.createDirectories(orders);
    try (Writer out = writer(customers.resolve("customers-" + options.firstRunDate() + ".csv"))) {
      out.write(CUSTOMER_HEADER);
      out.write('\n');
      StringBuilder line = new StringBuilder(128);
      for (long id = 1; id <= options.customers(); id++) {
        out.append(customerLine(line, dayOne(id)));
      }
    }
    SplittableRandom random = new SplittableRandom(options.seed() * 31 + 1);
    StringBuilder line = new StringBuilder(64);
    long files = (options.orders() + ORDERS_PER_FILE - 1) / ORDERS_PER_FILE;
    for (long file = 0; file < files; file++) {
      String name = String.format(Locale.ROOT, "orders-%s-%03d.csv", options.firstRunDate(), file);
      try (Writer out = writer(orders.resolve(name))) {
        out.write(ORDER_HEADER);
        out.write('\n');
        long last = Math.min(options.orders(), (file + 1) * ORDERS_PER_FILE);
        for (long id = file * ORDERS_PER_FILE + 1; id <= last; id++) {
          long day = firstOrderDay + random.nextInt(options.days());
          out.append(orderLine(line, id, 1 + random.nextLong(options.customers()), day * DAY + random.nextInt((int) DAY), random));
        }
      }
    }
  }

  /** Writes day 2's files, next to day 1's: only the changed and new customers, and the new orders. */
  DayTwo writeDayTwo(Path customers, Path orders) throws IOException {
    SplittableRandom random = new SplittableRandom(options.seed() * 31 + 2);
    long secondRunDay = firstRunDay + 1;
    long[] changed = sample(random, options.customers() / 100, options.customers());
    long newCustomers = Math.max(1, options.customers() / 1000);
    long tracked = 0;
    long typeOneOnly = 0;
    long late = 0;
    try (Writer out = writer(customers.resolve("customers-" + options.secondRunDate() + ".csv"))) {
      out.write(CUSTOMER_HEADER);
      out.write('\n');
      StringBuilder line = new StringBuilder(128);
      for (long id : changed) {
        Customer before = dayOne(id);
        boolean isLate = random.nextInt(5) == 0;
        long updatedAt = isLate ? (firstRunDay - LATE_DAYS) * DAY + random.nextLong(LATE_DAYS * DAY) : secondRunDay * DAY + random.nextInt((int) DAY);
        int kind = random.nextInt(100);
        String city = before.city();
        String segment = before.segment();
        String last = before.last();
        if (kind < 35) {
          city = other(random, CITIES, city);
        } else if (kind < 50) {
          segment = other(random, SEGMENTS, segment);
        } else if (kind < 60) {
          city = other(random, CITIES, city);
          last = other(random, LAST_NAMES, last);
        } else {
          last = other(random, LAST_NAMES, last);
        }
        if (kind < 60) {
          tracked++;
        } else {
          typeOneOnly++;
        }
        if (isLate) {
          late++;
        }
        out.append(customerLine(line, new Customer(id, before.first(), last, city, segment, updatedAt)));
      }
      for (long id = options.customers() + 1; id <= options.customers() + newCustomers; id++) {
        Customer fresh = dayOne(id);
        out.append(customerLine(line, new Customer(id, fresh.first(), fresh.last(), fresh.city(), fresh.segment(), secondRunDay * DAY)));
      }
    }
    long newOrders = options.orders() / 100;
    long lateOrders = 0;
    try (Writer out = writer(orders.resolve("orders-" + options.secondRunDate() + ".csv"))) {
      out.write(ORDER_HEADER);
      out.write('\n');
      StringBuilder line = new StringBuilder(64);
      for (long id = options.orders() + 1; id <= options.orders() + newOrders; id++) {
        boolean isLate = random.nextInt(20) == 0;
        long customer;
        long orderTs;
        if (isLate) {
          lateOrders++;
          customer = 1 + random.nextLong(options.customers());
          orderTs = (secondRunDay - 1 - random.nextInt(LATE_DAYS)) * DAY + random.nextInt((int) DAY);
        } else {
          // New customers exist from midnight of the second run date, so they may order that day.
          customer = 1 + random.nextLong(options.customers() + newCustomers);
          orderTs = secondRunDay * DAY + random.nextInt((int) DAY);
        }
        out.append(orderLine(line, id, customer, orderTs, random));
      }
    }
    return new DayTwo(changed.length, tracked, typeOneOnly, late, newCustomers, newOrders, lateOrders);
  }

  /** A customer as day 1 knows it: a function of the seed and the id alone, so day 2 can change it without keeping day 1 around. */
  private Customer dayOne(long id) {
    SplittableRandom random = new SplittableRandom(options.seed() * 0x9E3779B97F4A7C15L + id);
    long firstVersion = (firstOrderDay - 365) * DAY + random.nextLong(365 * DAY);
    return new Customer(id, pick(random, FIRST_NAMES), pick(random, LAST_NAMES), pick(random, CITIES), pick(random, SEGMENTS),
        firstVersion);
  }

  private static StringBuilder customerLine(StringBuilder line, Customer customer) {
    line.setLength(0);
    line.append(customer.id()).append(',').append(customer.first()).append(' ').append(customer.last()).append(',')
        .append(customer.first().toLowerCase(Locale.ROOT)).append('.').append(customer.last().toLowerCase(Locale.ROOT))
        .append(customer.id()).append("@example.com,").append(customer.city()).append(',').append(customer.segment()).append(',');
    return timestamp(line, customer.updatedAt()).append('\n');
  }

  private static StringBuilder orderLine(StringBuilder line, long id, long customer, long orderTs, SplittableRandom random) {
    line.setLength(0);
    line.append(id).append(',').append(customer).append(',');
    timestamp(line, orderTs).append(',');
    int cents = 100 + random.nextInt(99_900);
    line.append(cents / 100).append('.');
    int fraction = cents % 100;
    if (fraction < 10) {
      line.append('0');
    }
    return line.append(fraction).append('\n');
  }

  /** {@code yyyy-MM-dd HH:mm:ss} in UTC. */
  static StringBuilder timestamp(StringBuilder line, long epochSecond) {
    LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(epochSecond, DAY));
    int second = (int) Math.floorMod(epochSecond, DAY);
    line.append(date.getYear()).append('-');
    two(line, date.getMonthValue()).append('-');
    two(line, date.getDayOfMonth()).append(' ');
    two(line, second / 3600).append(':');
    two(line, second / 60 % 60).append(':');
    return two(line, second % 60);
  }

  private static StringBuilder two(StringBuilder line, int value) {
    if (value < 10) {
      line.append('0');
    }
    return line.append(value);
  }

  /** {@code count} distinct ids of {@code 1..bound}, in ascending order. */
  private static long[] sample(SplittableRandom random, long count, long bound) {
    Set<Long> picked = new HashSet<>();
    while (picked.size() < count) {
      picked.add(1 + random.nextLong(bound));
    }
    long[] ids = picked.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(ids);
    return ids;
  }

  private static String pick(SplittableRandom random, String[] values) {
    return values[random.nextInt(values.length)];
  }

  private static String other(SplittableRandom random, String[] values, String current) {
    String value;
    do {
      value = pick(random, values);
    } while (value.equals(current));
    return value;
  }

  private static Writer writer(Path file) throws IOException {
    return new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8), 1 << 20);
  }
}
