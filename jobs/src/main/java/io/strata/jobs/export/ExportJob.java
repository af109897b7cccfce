package io.strata.jobs.export;

import static java.util.Objects.requireNonNull;

import io.strata.jobs.fault.KillPoint;
import io.strata.jobs.metrics.MetricsTable;
import io.strata.jobs.runlog.RunLog;
import io.strata.jobs.stage.ResultTable;
import io.strata.jobs.stage.Stage;
import io.strata.jobs.stage.StageContext;
import io.strata.jobs.stage.StageJob;
import io.strata.jobs.stage.StageResult;
import io.strata.layout.LakeLayout;
import io.strata.layout.StrataException;
import io.strata.layout.config.ConfigProblem;
import io.strata.layout.config.ExportConfig;
import io.strata.layout.config.StrataConfigException;
import io.strata.layout.config.WarehouseConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The export stage: loads the curated tables into staging tables of the warehouse from the
 * executors ({@link BulkLoader}: {@code COPY} into PostgreSQL, {@code LOAD DATA} into MySQL), then
 * publishes them all at once ({@link WarehousePublisher}, {@link MySqlPublisher}), and
 * copies the lake's run log and quality results into the warehouse. Leftover staging tables of
 * an export that died are dropped first.
 */
public final class ExportJob implements StageJob {
  /** The lake's quality results table, written by the quality stage beside the run log. */
  public static final String QUALITY_RESULTS = "quality_results";
  private static final Logger LOG = LoggerFactory.getLogger(ExportJob.class);

  private final Runnable beforePublish;

  public ExportJob() {
    this(() -> { });
  }

  /** @param beforePublish called after every table is loaded into staging and before publishing (tests inject failures here) */
  public ExportJob(Runnable beforePublish) {
    this.beforePublish = requireNonNull(beforePublish, "beforePublish is null");
  }

  @Override
  public List<StageResult> run(StageContext context) {
    WarehouseConfig warehouse = context.config().warehouse().orElseThrow(() -> new StrataConfigException(List.of(new ConfigProblem(
        context.config().file().toString(), "warehouse", "is required by the export stage but not set",
        "add warehouse { url = \"jdbc:postgresql://host:5432/db\", user = ..., password = \"env:...\" }"))));
    warehouse.passwordProblem().ifPresent(problem -> {
      throw new StrataConfigException(List.of(new ConfigProblem(context.config().file().toString(), "warehouse.password",
          problem.substring(problem.indexOf(": ") + 2, problem.indexOf(". Fix: ")), problem.substring(problem.indexOf(". Fix: ") + 7))));
    });
    ExportConfig export = warehouse.export();
    WarehouseDialect dialect = WarehouseDialect.of(warehouse.url());
    if (dialect == WarehouseDialect.MYSQL) {
      requireMySqlSupports(context.config().file().toString(), warehouse);
    }
    List<ExportTable> plan = ExportPlanner.plan(context.config().model(), export);
    if (plan.isEmpty()) {
      context.progress().accept("no curated tables to export: add a model section, or list warehouse.export.tables");
    }
    WarehouseEndpoint endpoint = WarehouseEndpoint.of(warehouse);
    String schema = warehouse.schema();
    BulkLoader copier = new BulkLoader(endpoint);
    TablePublisher publisher = dialect == WarehouseDialect.MYSQL ? new MySqlPublisher(schema, export, context.runId())
        : new WarehousePublisher(schema, export, context.runId(), new WarehouseAccess(schema, warehouse.security()));
    LakeLayout layout = context.layout();
    String doing = "connecting";
    try (Connection connection = endpoint.open()) {
      doing = "preparing schema " + schema;
      WarehouseCatalog.ensureSchema(connection, schema);
      ExportState.ensure(connection, schema);
      List<String> leftovers = WarehouseCatalog.dropLeftoverStaging(connection, schema);
      if (!leftovers.isEmpty()) {
        context.progress().accept("dropped staging tables an earlier export left: " + String.join(", ", leftovers));
      }
      TableLoader loader = new TableLoader(context.spark(), dialect, copier, schema, export.connections());
      List<LoadedTable> loaded = new ArrayList<>();
      Map<String, Instant> started = new LinkedHashMap<>();
      for (ExportTable table : plan) {
        doing = "loading " + table.name();
        started.put(table.name(), Instant.now());
        CuratedSnapshot snapshot = CuratedSnapshot.latest(context.spark(), table.name(), layout.curated(table.name()).uri());
        LoadedTable result = loader.load(connection, table, snapshot);
        loaded.add(result);
        String took = ResultTable.format(Duration.between(started.get(table.name()), Instant.now()));
        String done = result.action() == LoadedTable.Action.UPSERT ? result.note() + " in " + took // the note counts the rows
            : ResultTable.count(result.copied()) + " rows copied to staging in " + took + "; " + result.note();
        context.progress().accept(table.name() + " (" + table.mode().configName() + "): " + done);
      }
      beforePublish.run();
      KillPoint.reached("export.before-publish");
      doing = "publishing";
      Instant publishStart = Instant.now();
      Map<String, Long> published = publisher.publish(connection, loaded);
      Duration publishing = Duration.between(publishStart, Instant.now());
      context.progress().accept(String.format("published %d table(s), %d view(s), %d materialized view(s) %s (%s)%s",
          loaded.size(), export.views().size(), export.materializedViews().size(),
          dialect == WarehouseDialect.MYSQL ? MySqlPublisher.describe(loaded) : "in one transaction", ResultTable.format(publishing),
          warehouse.security().isEmpty() ? "" : String.format("; grants for %d role(s), row policies on %s",
              warehouse.security().managedRoles().size(), warehouse.security().policies().isEmpty() ? "no table"
                  : String.join(", ", warehouse.security().policies().keySet()))));
      List<StageResult> results = new ArrayList<>();
      for (LoadedTable table : loaded) {
        Map<String, Long> metrics = new LinkedHashMap<>();
        metrics.put("delta_version", table.snapshot().version());
        metrics.put("warehouse_rows", published.get(table.table().name()));
        if (table.action() == LoadedTable.Action.REPLACE_PARTITIONS) {
          metrics.put("partitions", (long) table.partitions().size());
        }
        if (table.action() == LoadedTable.Action.UPSERT) {
          metrics.put("deleted", table.deleted());
        }
        results.add(new StageResult(Stage.EXPORT, table.table().name(), table.lakeRows(), table.copied(), 0,
            Duration.between(started.get(table.table().name()), Instant.now()), metrics, List.of(table.note())));
      }
      KillPoint.reached("export.after-publish");
      doing = "copying the run log";
      RunLogCopy runLog = new RunLogCopy(context.spark(), copier, schema);
      copyRunLog(context, runLog, connection, layout, RunLog.TABLE, List.of("run_id", "stage", "target", "status"), results);
      copyRunLog(context, runLog, connection, layout, QUALITY_RESULTS, List.of("run_id"), results);
      copyRunLog(context, runLog, connection, layout.runLog(MetricsTable.TABLE).uri(), MetricsTable.WAREHOUSE_TABLE, List.of("run_id"), results);
      return results;
    } catch (SQLException e) {
      StrataException failure = WarehouseFailure.of(endpoint, doing, e);
      LOG.error("{}", failure.getMessage());
      throw failure;
    }
  }

  /** What PostgreSQL alone offers, asked of a MySQL warehouse: a config problem, before anything is loaded. */
  private static void requireMySqlSupports(String file, WarehouseConfig warehouse) {
    List<ConfigProblem> problems = new ArrayList<>();
    if (!warehouse.export().materializedViews().isEmpty()) {
      problems.add(new ConfigProblem(file, "warehouse.export.materialized-views", "are not supported by MySQL or MariaDB",
          "declare them under warehouse.export.views, or as model.aggregates, which are exported as tables"));
    }
    if (!warehouse.security().isEmpty()) {
      problems.add(new ConfigProblem(file, "warehouse.security", "(roles, grants and row policies) is applied on PostgreSQL only; MySQL"
          + " and MariaDB have no row policies", "remove warehouse.security for this warehouse, and grant access in MySQL yourself"
          + " (GRANT SELECT ON " + warehouse.schema() + ".* TO role)"));
    }
    if (!problems.isEmpty()) {
      throw new StrataConfigException(problems);
    }
  }

  private static void copyRunLog(StageContext context, RunLogCopy runLog, Connection connection, LakeLayout layout, String table,
      List<String> keys, List<StageResult> results) throws SQLException {
    copyRunLog(context, runLog, connection, layout.runLog(table).uri(), table, keys, results);
  }

  private static void copyRunLog(StageContext context, RunLogCopy runLog, Connection connection, String location, String table,
      List<String> keys, List<StageResult> results) throws SQLException {
    Instant start = Instant.now();
    Optional<Long> inserted = runLog.copy(connection, location, table, keys);
    inserted.ifPresent(rows -> {
      context.progress().accept(table + ": " + ResultTable.count(rows) + " new line(s) copied to the warehouse");
      results.add(new StageResult(Stage.EXPORT, table, rows, rows, 0, Duration.between(start, Instant.now()), Map.of()));
    });
  }
}
