package io.strata.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetailWorkloadTest {
  @TempDir
  Path work;

  @Test
  void writesExactlyTheLinesAskedForOverTheYearsWithTheTotalItReports() throws Exception {
    E2eOptions options = new E2eOptions(1_003, 50, 40, 5, 2, 9, false, work);

    RetailWorkload.Written written = new RetailWorkload(options).write(work.resolve("input"));

    List<String> lines = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> list = Files.list(written.lineFiles())) {
      files = list.sorted().toList();
    }
    assertThat(files).extracting(file -> file.getFileName().toString())
        .containsExactly("lines-2024.csv", "lines-2025.csv", "lines-2026.csv");
    for (Path file : files) {
      lines.addAll(Files.readAllLines(file).subList(1, Files.readAllLines(file).size()));
    }
    assertThat(lines).hasSize(1_003);
    assertThat(written.lines()).isEqualTo(1_003);
    BigDecimal total = BigDecimal.ZERO;
    Set<String> keys = new HashSet<>();
    for (String line : lines) {
      String[] fields = line.split(",");
      assertThat(keys.add(fields[0] + "/" + fields[1])).as("order line %s/%s once", fields[0], fields[1]).isTrue();
      LocalDate day = LocalDate.parse(fields[2].substring(0, 10));
      assertThat(day).isBetween(options.firstOrderDate(), options.runDate());
      assertThat(Long.parseLong(fields[3])).isBetween(1L, 50L);
      total = total.add(new BigDecimal(fields[6]).multiply(new BigDecimal(fields[7])).subtract(new BigDecimal(fields[8])));
    }
    assertThat(total).isEqualByComparingTo(BigDecimal.valueOf(written.amountCents(), 2));
    assertThat(Files.readAllLines(written.customers())).hasSize(51);
    assertThat(Files.readAllLines(written.products())).hasSize(41);
    assertThat(Files.readAllLines(written.suppliers())).hasSize(6).first().isEqualTo("supplier_id,name,country,updated_at");
  }

  @Test
  void theSameSeedWritesTheSameFiles() throws Exception {
    E2eOptions options = new E2eOptions(200, 20, 20, 3, 1, 5, false, work);
    new RetailWorkload(options).write(work.resolve("a"));
    new RetailWorkload(options).write(work.resolve("b"));

    assertThat(Files.readString(work.resolve("a/lines/lines-2025.csv"))).isEqualTo(Files.readString(work.resolve("b/lines/lines-2025.csv")));
    assertThat(Files.readString(work.resolve("a/customers.csv"))).isEqualTo(Files.readString(work.resolve("b/customers.csv")));
  }
}
