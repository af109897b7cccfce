package io.strata.jobs.catalog;

import io.delta.tables.DeltaTable;
import io.strata.layout.config.ColumnSpec;
import io.strata.layout.config.PipelineConfig;
import io.strata.layout.config.TableDocs;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
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
    ColumnDocs docs = new ColumnDocs(config);
    List<CatalogTable> tables = new ArrayList<>();
    for (String layer : List.of("processed", "curated")) {
      for (CatalogTable table : names.tables(layer)) {
        tables.add(describe(table, docs));
      }
    }
    return tables;
  }

  private CatalogTable describe(CatalogTable named, ColumnDocs docs) {
    TableDocs tableDocs = config.catalog().docsOf(named.layer() + "." + named.table());
    List<CatalogTable.Column> columns = new ArrayList<>();
    Optional<Long> rows = Optional.empty();
    Optional<java.time.Instant> lastUpdate = Optional.empty();
    if (DeltaTable.isDeltaTable(spark, named.location())) {
      DeltaTable table = DeltaTable.forPath(spark, named.location());
      for (StructField field : table.toDF().schema().fields()) {
        columns.add(docs.column(named, field.name(), field.dataType().simpleString()));
      }
      // Answered from the Delta log's file statistics, not by reading the data.
      rows = Optional.of(table.toDF().count());
      Row last = table.history(1).select("timestamp").first();
      lastUpdate = Optional.of(last.<Timestamp>getAs(0).toInstant());
    } else if (named.layer().equals("processed")) {
      for (ColumnSpec column : config.entities().get(named.table()).columns()) {
        columns.add(docs.column(named, column.name(), column.type()));
      }
    }
    return new CatalogTable(named.layer(), named.name(), named.location(), tableDocs.description(), tableDocs.owner(), columns, rows, lastUpdate);
  }
}
