package io.strata.jobs.catalog;

import io.delta.tables.DeltaTable;
import io.strata.layout.config.ColumnSpec;
import io.strata.layout.config.EntityConfig;
import io.strata.layout.config.PipelineConfig;
import io.strata.layout.config.TableDocs;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;

/**
 * The lake's processed and curated tables as a data dictionary: from the config (names, docs,
 * declared columns and their PII methods) and from each Delta table that exists (its schema, its
 * row count from the log's statistics, its last commit).
 */
public final class LakeCatalog {
  private final SparkSession spark;
  private final PipelineConfig config;

  public LakeCatalog(SparkSession spark, PipelineConfig config) {
    this.spark = spark;
    this.config = config;
  }

  public List<CatalogTable> tables() {
    LakeCatalogNames names = new LakeCatalogNames(config);
    List<CatalogTable> tables = new ArrayList<>();
    for (CatalogTable table : names.tables("processed")) {
      tables.add(describe(table, piiOf(config.entities().get(table.table()))));
    }
    for (CatalogTable table : names.tables("curated")) {
      tables.add(describe(table, sourceEntity(table.table()).map(LakeCatalog::piiOf).orElse(Map.of())));
    }
    return tables;
  }

  /** The entity a curated table is built from; none for dim_date and SQL-sourced tables, whose columns Strata does not trace. */
  private Optional<EntityConfig> sourceEntity(String table) {
    Optional<String> entity = Optional.ofNullable(config.model().dimensions().get(table)).flatMap(dimension -> dimension.source().entity())
        .or(() -> Optional.ofNullable(config.model().facts().get(table)).flatMap(fact -> fact.source().entity()));
    return entity.map(config.entities()::get);
  }

  /** The masking method of each PII column of the entity; curated tables carry processed columns under the same names. */
  private static Map<String, String> piiOf(EntityConfig entity) {
    Map<String, String> pii = new LinkedHashMap<>();
    entity.columns().stream().filter(column -> column.pii().masks()).forEach(column -> pii.put(column.name(), column.pii().method()));
    return pii;
  }

  private CatalogTable describe(CatalogTable named, Map<String, String> pii) {
    TableDocs docs = config.catalog().docsOf(named.layer() + "." + named.table());
    List<CatalogTable.Column> columns = new ArrayList<>();
    Optional<Long> rows = Optional.empty();
    Optional<java.time.Instant> lastUpdate = Optional.empty();
    if (DeltaTable.isDeltaTable(spark, named.location())) {
      DeltaTable table = DeltaTable.forPath(spark, named.location());
      for (StructField field : table.toDF().schema().fields()) {
        columns.add(new CatalogTable.Column(field.name(), field.dataType().simpleString(), Optional.ofNullable(pii.get(field.name()))));
      }
      // Answered from the Delta log's file statistics, not by reading the data.
      rows = Optional.of(table.toDF().count());
      Row last = table.history(1).select("timestamp").first();
      lastUpdate = Optional.of(last.<Timestamp>getAs(0).toInstant());
    } else if (named.layer().equals("processed")) {
      for (ColumnSpec column : config.entities().get(named.table()).columns()) {
        columns.add(new CatalogTable.Column(column.name(), column.type(), Optional.ofNullable(pii.get(column.name()))));
      }
    }
    return new CatalogTable(named.layer(), named.name(), named.location(), docs.description(), docs.owner(), columns, rows, lastUpdate);
  }
}
