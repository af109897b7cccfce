package io.strata.bench.scale;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The pipeline the benchmark runs, as a HOCON file a user could have written: two CSV file
 * sources, two entities (the customers' e-mail masked with a keyed HMAC), an SCD2 customer
 * dimension, an order fact with point-in-time customer keys, and an incremental export to
 * PostgreSQL. Secrets are references to environment variables the benchmark sets.
 */
final class ScalePipeline {
  static final String NAME = "bench_scale";
  static final String PII_KEY_VARIABLE = "STRATA_BENCH_PII_KEY";
  static final String WAREHOUSE_PASSWORD_VARIABLE = "STRATA_BENCH_WAREHOUSE_PASSWORD";
  static final String WAREHOUSE_SCHEMA = "scale";

  private ScalePipeline() {}

  /** Writes the config to {@code file}; paths and the warehouse URL are written in, secrets only as references. */
  static Path write(Path file, Path lake, Path customers, Path orders, String warehouseUrl, String warehouseUser) throws IOException {
    String config = """
        # Written by scripts/bench/scale; see README, "Benchmark: scale".
        name = %s

        lake.root = %s

        spark {
          master = "local[2]"           # strata-local's --master wins
          app-name = "strata-bench-scale"
          shuffle-partitions = 4
          conf { "spark.ui.enabled" = false }
        }

        sources {
          customers {
            type = file
            path = %s
            format = csv
            options { header = true }
          }
          orders {
            type = file
            path = %s
            format = csv
            options { header = true }
          }
        }

        pii {
          key = "env:%s"
          key-id = "bench"
        }

        entities {
          customers {
            source = customers
            key = [customer_id]
            change-order = updated_at
            columns {
              customer_id { type = bigint, nullable = false }
              name = string
              email { type = string, pii = hmac }
              city = string
              segment = string
              updated_at { type = timestamp, format = "yyyy-MM-dd HH:mm:ss" }
            }
          }
          orders {
            source = orders
            key = [order_id]
            columns {
              order_id { type = bigint, nullable = false }
              customer_id = bigint
              order_ts { type = timestamp, format = "yyyy-MM-dd HH:mm:ss" }
              amount = "decimal(10,2)"
            }
          }
        }

        model {
          dimensions {
            dim_customer {
              source = customers
              natural-key = [customer_id]
              scd-type = 2
              tracked = [city, segment]
              type-1 = [name]
              change-time = updated_at
            }
          }
          facts {
            fact_orders {
              source = orders
              grain = [order_id]
              measures = [amount]
              dimensions {
                customer { dimension = dim_customer, columns = [customer_id], event-time = order_ts }
              }
              dates { order_date = order_ts }
              partition-by = order_ts
            }
          }
        }

        warehouse {
          url = %s
          schema = %s
          user = %s
          password = "env:%s"
          sslmode = disable
          export { mode = incremental }
        }
        """.formatted(NAME, quoted(lake.toUri().toString()), quoted(customers.resolve("*.csv").toString()),
        quoted(orders.resolve("*.csv").toString()), PII_KEY_VARIABLE, quoted(warehouseUrl), WAREHOUSE_SCHEMA, quoted(warehouseUser),
        WAREHOUSE_PASSWORD_VARIABLE);
    Files.createDirectories(file.getParent());
    Files.writeString(file, config);
    return file;
  }

  private static String quoted(String value) {
    return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
