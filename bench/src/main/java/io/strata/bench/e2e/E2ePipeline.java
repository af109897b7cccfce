package io.strata.bench.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The retail star the benchmark builds, as a HOCON file a user could have written: order lines
 * and products from CSV files, customers from a PostgreSQL table, suppliers from a paginated REST
 * API; the customers' e-mail masked with a keyed HMAC; an SCD2 customer dimension, SCD1 product
 * and supplier dimensions, {@code dim_date} and a fact of order lines partitioned by day; a few
 * quality checks; the star exported to PostgreSQL. Secrets are references to environment
 * variables the benchmark sets.
 */
final class E2ePipeline {
  static final String NAME = "bench_e2e";
  static final String PII_KEY_VARIABLE = "STRATA_BENCH_PII_KEY";
  static final String WAREHOUSE_PASSWORD_VARIABLE = "STRATA_BENCH_WAREHOUSE_PASSWORD";
  static final String SOURCE_PASSWORD_VARIABLE = "STRATA_BENCH_SOURCE_PASSWORD";
  /** The warehouse schema Strata exports to; DuckDB's star goes next to it, in {@link DuckDbStar#SCHEMA}. */
  static final String WAREHOUSE_SCHEMA = "strata";
  static final String FACT = "fact_order_lines";
  static final java.util.List<String> TABLES = java.util.List.of("dim_customer", "dim_product", "dim_supplier", "dim_date", FACT);

  private E2ePipeline() {}

  static Path write(Path file, Path lake, RetailWorkload.Written input, String sourceUrl, String supplierApiUrl, String warehouseUrl,
      String user) throws IOException {
    String config = """
        # Written by scripts/bench/e2e; see README, "Benchmark: e2e".
        name = %1$s

        lake.root = %2$s

        spark {
          master = "local[2]"           # strata-local's --master wins
          app-name = "strata-bench-e2e"
          conf { "spark.ui.enabled" = false }
        }

        sources {
          lines_files { type = file, entity = order_lines, path = %3$s, format = csv, options { header = true } }
          products_files { type = file, entity = products, path = %4$s, format = csv, options { header = true } }
          shop_db {
            type = jdbc
            entity = customers
            url = %5$s
            user = %6$s
            password = "env:%7$s"
            table = "public.customers"
            mode = incremental
            cursor = [updated_at, customer_id]
          }
          supplier_api {
            type = rest
            entity = suppliers
            url = %8$s
            records-path = "items"
            pagination { type = page, page-param = page, size-param = per_page, page-size = 1000 }
          }
        }

        pii {
          key = "env:%9$s"
          key-id = "bench"
        }

        entities {
          customers {
            source = shop_db
            key = [customer_id]
            change-order = updated_at
            columns {
              customer_id { type = bigint, nullable = false }
              name = string
              email { type = string, pii = hmac }
              city = string
              segment = string
              updated_at = timestamp
            }
          }
          products {
            source = products_files
            key = [product_id]
            change-order = updated_at
            columns {
              product_id { type = bigint, nullable = false }
              name = string
              category = string
              price = "decimal(10,2)"
              supplier_id = bigint
              updated_at { type = timestamp, format = "yyyy-MM-dd HH:mm:ss" }
            }
          }
          suppliers {
            source = supplier_api
            key = [supplier_id]
            change-order = updated_at
            columns {
              supplier_id { type = bigint, nullable = false }
              name = string
              country = string
              updated_at { type = timestamp, format = "yyyy-MM-dd HH:mm:ss" }
            }
          }
          order_lines {
            source = lines_files
            key = [order_id, line_number]
            columns {
              order_id { type = bigint, nullable = false }
              line_number { type = int, nullable = false }
              order_ts { type = timestamp, format = "yyyy-MM-dd HH:mm:ss" }
              customer_id = bigint
              product_id = bigint
              supplier_id = bigint
              quantity = int
              unit_price = "decimal(10,2)"
              discount = "decimal(10,2)"
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
              type-1 = [name, email]
              change-time = updated_at
            }
            dim_product { source = products, natural-key = [product_id], scd-type = 1, columns = [name, category, price] }
            dim_supplier { source = suppliers, natural-key = [supplier_id], scd-type = 1, columns = [name, country] }
          }
          facts {
            %10$s {
              sql = "SELECT order_id, line_number, order_ts, customer_id, product_id, supplier_id, quantity, unit_price, discount, quantity * unit_price - discount AS amount FROM order_lines"
              changed-by = [order_lines]
              grain = [order_id, line_number]
              measures = [quantity, unit_price, discount, amount]
              dimensions {
                customer { dimension = dim_customer, columns = [customer_id], event-time = order_ts }
                product { dimension = dim_product, columns = [product_id] }
                supplier { dimension = dim_supplier, columns = [supplier_id] }
              }
              dates { order_date = order_ts }
              partition-by = order_ts
            }
          }
        }

        quality {
          tables {
            %10$s {
              keys_present { type = not-null, columns = [order_id, line_number, customer_key, product_key, supplier_key, order_date_key] }
              one_row_per_line { type = unique, columns = [order_id, line_number] }
              known_customer { type = referential-integrity, column = customer_key, max-unknown-percent = 0 }
              known_product { type = referential-integrity, column = product_key, max-unknown-percent = 0 }
            }
            dim_customer {
              key_unique { type = unique, columns = [dim_customer_key] }
            }
          }
        }

        warehouse {
          url = %11$s
          schema = %12$s
          user = %6$s
          password = "env:%13$s"
          sslmode = disable
        }
        """.formatted(NAME, quoted(lake.toUri().toString()), quoted(input.lineFiles().resolve("*.csv").toString()),
        quoted(input.products().toString()), quoted(sourceUrl), quoted(user), SOURCE_PASSWORD_VARIABLE, quoted(supplierApiUrl),
        PII_KEY_VARIABLE, FACT, quoted(warehouseUrl), WAREHOUSE_SCHEMA, WAREHOUSE_PASSWORD_VARIABLE);
    Files.createDirectories(file.getParent());
    Files.writeString(file, config);
    return file;
  }

  private static String quoted(String value) {
    return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
