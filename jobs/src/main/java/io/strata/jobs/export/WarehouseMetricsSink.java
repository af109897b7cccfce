package io.strata.jobs.export;

import static java.util.Objects.requireNonNull;

import io.strata.jobs.metrics.MetricsTable;
import io.strata.layout.StrataException;
import io.strata.layout.config.WarehouseConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * Inserts a run's metric lines into the warehouse's {@code pipeline_metrics} when the run ends,
 * so dashboards on the warehouse see it at once. The next export copies whatever lines the
 * warehouse lacks from the lake, so a warehouse that was down loses nothing.
 */
public final class WarehouseMetricsSink {
  private final WarehouseEndpoint endpoint;
  private final String schema;

  private WarehouseMetricsSink(WarehouseEndpoint endpoint, String schema) {
    this.endpoint = requireNonNull(endpoint, "endpoint is null");
    this.schema = requireNonNull(schema, "schema is null");
  }

  /** A sink for the configured warehouse; empty without a warehouse or without a usable password. */
  public static Optional<WarehouseMetricsSink> of(Optional<WarehouseConfig> warehouse) {
    return warehouse.filter(config -> config.passwordProblem().isEmpty())
        .map(config -> new WarehouseMetricsSink(WarehouseEndpoint.of(config), config.schema()));
  }

  public void insert(List<Row> rows) {
    StructType columns = MetricsTable.schema();
    try (Connection connection = endpoint.open()) {
      WarehouseCatalog.ensureSchema(connection, schema);
      WarehouseCatalog.ensureTable(connection, schema, MetricsTable.WAREHOUSE_TABLE, columns);
      WarehouseCatalog.insertRows(connection, schema, MetricsTable.WAREHOUSE_TABLE, columns, rows);
    } catch (SQLException e) {
      throw new StrataException("the run's metrics are not in the warehouse yet (" + WarehouseFailure.describe(endpoint, "writing the metrics", e)
          + "); the lake keeps them and the next export copies them");
    }
  }
}
