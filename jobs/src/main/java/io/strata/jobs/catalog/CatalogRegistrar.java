package io.strata.jobs.catalog;

import io.delta.tables.DeltaTable;
import io.strata.jobs.stage.Stage;
import io.strata.layout.config.PipelineConfig;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.apache.spark.sql.catalyst.catalog.SessionCatalog;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;

/**
 * Registers the processed and curated tables in Spark's catalog after the stage that writes them,
 * as external Delta tables {@code processed.<entity>} and {@code curated.<table>}: in the
 * session's own catalog by default, in the Hive metastore or AWS Glue when {@code catalog.type}
 * says so. A name that points at another location is pointed at this lake. The data is never
 * touched: dropping an external table leaves its files. Column comments (descriptions and PII
 * masking methods) are written to the tables' Delta schema first ({@link ColumnComments}). A
 * registration that fails is reported and never fails the run.
 */
public final class CatalogRegistrar {
  private static final Logger LOG = LoggerFactory.getLogger(CatalogRegistrar.class);

  private final SparkSession spark;
  private final PipelineConfig config;
  private final Consumer<String> console;

  public CatalogRegistrar(SparkSession spark, PipelineConfig config, Consumer<String> console) {
    this.spark = spark;
    this.config = config;
    this.console = console;
  }

  /**
   * Registers what {@code stage} writes: processed tables after process, curated ones after model.
   * Column comments are written only to the tables the stage wrote ({@code written}, its results'
   * targets): those are the ones whose locks this run holds, so a comment commit never meets
   * another run's or a stream's write. Each table succeeds or fails on its own.
   */
  public void afterStage(Stage stage, Set<String> written) {
    String layer = stage == Stage.PROCESS ? "processed" : stage == Stage.MODEL ? "curated" : null;
    if (layer == null) {
      return;
    }
    try {
      createDatabase(config.catalog().databasePrefix() + layer);
    } catch (Exception | LinkageError e) { // Spark's AnalysisException is checked but thrown undeclared
      warn("the " + layer + " tables could not be registered in the " + config.catalog().type() + " catalog", e);
      return;
    }
    ColumnComments comments = new ColumnComments(spark, new ColumnDocs(config));
    int registered = 0;
    int commented = 0;
    for (CatalogTable table : new LakeCatalogNames(config).tables(layer)) {
      try {
        if (!DeltaTable.isDeltaTable(spark, table.location())) {
          continue;
        }
        if (written.contains(table.table())) {
          commented += comments.sync(table);
        }
        if (register(table)) {
          registered++;
        }
      } catch (Exception | LinkageError e) {
        warn(table.name() + " could not be registered or commented in the " + config.catalog().type() + " catalog", e);
      }
    }
    if (registered > 0) {
      console.accept(registered + " " + layer + " table(s) registered in the " + config.catalog().type() + " catalog as "
          + config.catalog().databasePrefix() + layer + ".<name>");
    }
    if (commented > 0) {
      console.accept(commented + " column comment(s) of the " + layer + " tables written from the config");
    }
  }

  private void warn(String what, Throwable e) {
    LOG.warn("{}: {}", what, e.toString(), e);
    console.accept("warning: " + what + " (" + e.getClass().getSimpleName() + "); the run goes on");
  }

  /**
   * In a shared metastore (Hive, Glue) a database's location is recorded for every reader, so it
   * is put in the lake ({@code <lake>/_catalog/<database>.db}) rather than in this application's
   * scratch warehouse, which is gone when it ends. The session catalog lives as long as the
   * application: its default is fine.
   */
  private void createDatabase(String database) {
    String location = config.catalog().type().equals("session") ? ""
        : " LOCATION '" + config.lake().layout().catalogDatabase(database).uri().replace("'", "\\'") + "'";
    spark.sql("CREATE DATABASE IF NOT EXISTS " + quote(database) + location);
  }

  /**
   * Creates or re-points the name; whether it had to. The name's entry is read and dropped through
   * the session catalog itself, never through Delta, which would read a table whose files may be
   * gone (another lake's, a moved one) and fail.
   */
  private boolean register(CatalogTable table) throws Exception {
    SessionCatalog catalog = ((org.apache.spark.sql.classic.SparkSession) spark).sessionState().catalog();
    TableIdentifier id = new TableIdentifier(table.table(), Option.apply(table.database()));
    if (catalog.tableExists(id)) {
      org.apache.spark.sql.catalyst.catalog.CatalogTable entry = catalog.getTableMetadata(id);
      if (entry.location() != null && sameLocation(entry.location().toString(), table.location())) {
        return false;
      }
      if (!entry.tableType().name().equals("EXTERNAL")) {
        // A managed table's files go with it: never Strata's to drop.
        console.accept("warning: " + table.name() + " is a managed table in the catalog, not this lake's; left as it is");
        return false;
      }
      catalog.dropTable(id, true, false); // external: only the name goes, the files stay
    }
    spark.sql("CREATE TABLE IF NOT EXISTS " + quote(table.database()) + "." + quote(table.table()) + " USING delta LOCATION '"
        + table.location().replace("'", "\\'") + "'");
    return true;
  }

  private static boolean sameLocation(String a, String b) {
    return normalize(a).equals(normalize(b));
  }

  private static String normalize(String location) {
    return location.replaceFirst("^file:/+", "/").replaceAll("/+$", "");
  }

  private static String quote(String identifier) {
    return "`" + identifier.replace("`", "``") + "`";
  }
}
