package io.strata.jobs.export;

import static java.util.Objects.requireNonNull;

import io.strata.jobs.runlog.RunLog;
import io.strata.jobs.runlog.RunLogSink;
import io.strata.jobs.runlog.RunRecord;
import io.strata.layout.StrataException;
import io.strata.layout.config.WarehouseConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.types.StructType;

/**
 * Writes each stage's run-log lines into the warehouse's {@code pipeline_executions} as they
 * happen, so a BI tool sees a run (and a failed one) without waiting for the next export. The
 * export still copies whatever lines the warehouse lacks, so a warehouse that was down loses
 * nothing; after the first failure this sink stays quiet for the rest of the run.
 */
public final class WarehouseRunLogSink implements RunLogSink {
  /** duplicate_table, duplicate_object, unique_violation (on the catalog), MySQL's table exists: another process created it first. */
  private static final Set<String> RACED_TO_CREATE = Set.of("42P07", "42710", "23505", "42S01");

  private final WarehouseEndpoint endpoint;
  private final String schema;
  private boolean unavailable;
  private boolean tableReady;

  WarehouseRunLogSink(WarehouseEndpoint endpoint, String schema) {
    this.endpoint = requireNonNull(endpoint, "endpoint is null");
    this.schema = requireNonNull(schema, "schema is null");
  }

  /** A sink for the configured warehouse; empty without a warehouse or without a usable password. */
  public static Optional<RunLogSink> of(Optional<WarehouseConfig> warehouse) {
    return warehouse.filter(config -> config.passwordProblem().isEmpty())
        .map(config -> new WarehouseRunLogSink(WarehouseEndpoint.of(config), config.schema()));
  }

  @Override
  public void append(List<RunRecord> records, Instant loggedAt) {
    if (unavailable || records.isEmpty()) {
      return;
    }
    try {
      try {
        insert(records, loggedAt);
      } catch (SQLException e) {
        // Stages that Airflow runs in parallel may race to create the table: the loser finds it there on a second try.
        if (!RACED_TO_CREATE.contains(String.valueOf(e.getSQLState()))) {
          throw e;
        }
        insert(records, loggedAt);
      }
    } catch (SQLException e) {
      unavailable = true;
      throw new StrataException("the run log is not written to the warehouse during this run ("
          + WarehouseFailure.describe(endpoint, "writing the run log", e) + "); the lake keeps it and the next export copies it");
    }
  }

  private void insert(List<RunRecord> records, Instant loggedAt) throws SQLException {
    StructType columns = RunLog.schema();
    try (Connection connection = endpoint.open()) {
      if (!tableReady) { // once per run: every stage writes lines twice
        WarehouseCatalog.ensureSchema(connection, schema);
        WarehouseCatalog.ensureTable(connection, schema, RunLog.TABLE, columns);
        tableReady = true;
      }
      WarehouseCatalog.insertRows(connection, schema, RunLog.TABLE, columns, records.stream().map(record -> RunLog.row(record, loggedAt)).toList());
    }
  }

  @Override
  public String toString() {
    return "the warehouse " + endpoint.where();
  }
}
