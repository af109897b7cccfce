package io.strata.bench.scale;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScaleWorkloadTest {
  @TempDir Path dir;

  private ScaleWorkload.DayTwo generate(Path root, ScaleOptions options) throws IOException {
    ScaleWorkload workload = new ScaleWorkload(options);
    workload.writeDayOne(root.resolve("customers"), root.resolve("orders"));
    return workload.writeDayTwo(root.resolve("customers"), root.resolve("orders"));
  }

  private static List<String> rows(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file);
    return lines.subList(1, lines.size());
  }

  @Test
  void theSameSeedWritesTheSameBytes() throws IOException {
    ScaleOptions options = new ScaleOptions(2_000, 10_000, 7, 1096, dir, null);
    generate(dir.resolve("a"), options);
    generate(dir.resolve("b"), options);
    generate(dir.resolve("c"), new ScaleOptions(2_000, 10_000, 8, 1096, dir, null));

    for (String file : List.of("customers/customers-2026-03-01.csv", "customers/customers-2026-03-02.csv",
        "orders/orders-2026-03-01-000.csv", "orders/orders-2026-03-02.csv")) {
      assertThat(Files.readAllBytes(dir.resolve("a").resolve(file))).as(file).isEqualTo(Files.readAllBytes(dir.resolve("b").resolve(file)));
      assertThat(Files.readAllBytes(dir.resolve("a").resolve(file))).as(file).isNotEqualTo(Files.readAllBytes(dir.resolve("c").resolve(file)));
    }
  }

  @Test
  void dayOneHoldsEveryCustomerAndThreeYearsOfOrders() throws IOException {
    generate(dir, new ScaleOptions(1_000, 20_000, 7, 1096, dir, null));

    List<String> customers = rows(dir.resolve("customers/customers-2026-03-01.csv"));
    assertThat(customers).hasSize(1_000).first().asString().matches("1,\\w+ \\w+,\\w+\\.\\w+1@example\\.com,\\w+,\\w+,[-0-9]{10} [:0-9]{8}");
    List<String> orders = rows(dir.resolve("orders/orders-2026-03-01-000.csv"));
    assertThat(orders).hasSize(20_000);
    List<LocalDate> days = orders.stream().map(line -> LocalDate.parse(line.split(",")[2].substring(0, 10))).toList();
    assertThat(days).allMatch(day -> !day.isBefore(LocalDate.of(2023, 3, 2)) && !day.isAfter(LocalDate.of(2026, 3, 1)));
    assertThat(days.stream().distinct().count()).isGreaterThan(1_000);
    // Every customer's only version starts before the first order, so no order meets the unknown member.
    assertThat(customers).allMatch(line -> LocalDateTime.parse(line.split(",")[5].replace(' ', 'T')).isBefore(LocalDateTime.of(2023, 3, 2, 0, 0)));
  }

  @Test
  void dayTwoHoldsOnePercentOfChangeAndLateRows() throws IOException {
    ScaleWorkload.DayTwo dayTwo = generate(dir, new ScaleOptions(10_000, 50_000, 7, 1096, dir, null));

    assertThat(dayTwo.changed()).isEqualTo(100);
    assertThat(dayTwo.tracked() + dayTwo.typeOneOnly()).isEqualTo(100);
    assertThat(dayTwo.tracked()).isBetween(40L, 80L);
    assertThat(dayTwo.late()).isBetween(8L, 35L);
    assertThat(dayTwo.newCustomers()).isEqualTo(10);
    assertThat(dayTwo.newOrders()).isEqualTo(500);
    assertThat(dayTwo.lateOrders()).isBetween(10L, 45L);

    Map<String, String[]> before = new HashMap<>();
    rows(dir.resolve("customers/customers-2026-03-01.csv")).forEach(line -> before.put(line.split(",")[0], line.split(",")));
    List<String> changes = rows(dir.resolve("customers/customers-2026-03-02.csv"));
    assertThat(changes).hasSize(110);
    long late = 0;
    long tracked = 0;
    for (String line : changes) {
      String[] row = line.split(",");
      LocalDateTime updatedAt = LocalDateTime.parse(row[5].replace(' ', 'T'));
      String[] old = before.get(row[0]);
      if (old == null) {
        assertThat(updatedAt).isEqualTo(LocalDateTime.of(2026, 3, 2, 0, 0));
        continue;
      }
      assertThat(row).as(line).isNotEqualTo(old);
      tracked += !row[3].equals(old[3]) || !row[4].equals(old[4]) ? 1 : 0;
      if (updatedAt.isBefore(LocalDateTime.of(2026, 3, 1, 0, 0))) {
        late++;
        // Late, yet after the version day 1 built: it splits that version.
        assertThat(updatedAt).isAfterOrEqualTo(LocalDateTime.of(2026, 1, 30, 0, 0)).isAfter(LocalDateTime.parse(old[5].replace(' ', 'T')));
      } else {
        assertThat(updatedAt.toLocalDate()).isEqualTo(LocalDate.of(2026, 3, 2));
      }
    }
    assertThat(late).isEqualTo(dayTwo.late());
    assertThat(tracked).isEqualTo(dayTwo.tracked());

    List<String> orders = rows(dir.resolve("orders/orders-2026-03-02.csv"));
    assertThat(orders).hasSize(500).first().asString().startsWith("50001,");
    long earlier = orders.stream().filter(line -> !line.split(",")[2].startsWith("2026-03-02")).count();
    assertThat(earlier).isEqualTo(dayTwo.lateOrders());
    assertThat(orders).allMatch(line -> !LocalDate.parse(line.split(",")[2].substring(0, 10)).isBefore(LocalDate.of(2026, 1, 31)));
  }

  @Test
  void timestampsAreUtcWallClockText() {
    assertThat(ScaleWorkload.timestamp(new StringBuilder(), 0).toString()).isEqualTo("1970-01-01 00:00:00");
    assertThat(ScaleWorkload.timestamp(new StringBuilder(), 1_772_409_599).toString()).isEqualTo("2026-03-01 23:59:59");
  }
}
