package io.strata.layout.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** A pipeline config written as text into a test's directory and loaded, and the problems a bad one reports. */
final class ConfigText {
  /** A customer dimension and a sales fact over two entities, then an open {@code warehouse} section: the caller adds to it and closes it. */
  static final String STAR_WITH_WAREHOUSE = """
      lake { root = "lake" }
      sources { files { type = file, entity = x, path = "/tmp/*.csv" } }
      entities {
        customers { source = files, key = [customer_id], columns { customer_id = bigint, city = string } }
        sales { source = files, key = [order_id], columns { order_id = bigint, customer_id = bigint, order_ts = timestamp } }
      }
      model {
        dimensions { dim_customer { source = customers, natural-key = [customer_id], scd-type = 1 } }
        facts {
          fact_sales {
            source = sales, grain = [order_id], partition-by = order_ts, dates { order_date = order_ts }
            dimensions { customer { dimension = dim_customer } }
          }
        }
      }
      warehouse { url = "jdbc:postgresql://db/dw", user = loader, password = "env:DW_PASSWORD"
      """;

  private ConfigText() {}

  static PipelineConfig load(Path dir, String text, Map<String, String> environment) throws IOException {
    Path file = dir.resolve("pipeline.conf");
    Files.writeString(file, text);
    return new PipelineConfigLoader(environment, true).load(file);
  }

  /** Each problem of the failed load as {@code key: message Fix: fix}. */
  static List<String> problems(ThrowingCallable load) {
    StrataConfigException thrown = catchThrowableOfType(StrataConfigException.class, load);
    assertThat(thrown).as("expected a config failure").isNotNull();
    return thrown.problems().stream().map(problem -> problem.key() + ": " + problem.message() + " Fix: " + problem.fix()).toList();
  }
}
