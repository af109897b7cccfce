package io.strata.jobs.process;

import static io.strata.jobs.spark.SqlIdentifiers.quoted;
import static org.apache.spark.sql.functions.col;

import io.strata.jobs.ingest.SourceState;
import io.strata.jobs.process.pii.PiiDetector;
import io.strata.jobs.process.pii.PiiFinding;
import io.strata.layout.StrataException;
import io.strata.layout.config.ColumnSpec;
import io.strata.layout.config.EntityConfig;
import io.strata.layout.config.PipelineConfig;
import io.strata.layout.config.SourceConfig;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code strata pii-scan}: which columns of an entity's raw data look like personal data,
 * whatever their rules say, without processing or failing anything. Columns the config does
 * not declare yet are scanned too.
 */
public final class PiiScan {
  private PiiScan() {}

  public static List<PiiFinding> scan(SparkSession spark, PipelineConfig config, String entityName) {
    EntityConfig declared = config.entities().get(entityName);
    if (declared == null) {
      throw new StrataException("--entity " + entityName + ": no such entity in the config; entities: "
          + (config.entities().isEmpty() ? "(none)" : String.join(", ", config.entities().keySet())));
    }
    // Scan what is there: new columns are looked at, missing ones are empty.
    EntityConfig entity = new EntityConfig(declared.name(), declared.source(), declared.key(), declared.changeOrder(), declared.snakeCase(),
        declared.renames(), declared.drop(), declared.nullTokens(), declared.timeZone(), declared.columns(), "evolve", "fill-null");
    SourceConfig source = config.sources().get(entity.source());
    var rawEntity = config.lake().layout().rawEntity(source.name(), source.entity());
    List<RawBatch> batches = RawBatches.unprocessed(rawEntity, LocalDate.of(9999, 12, 31), SourceState.empty(),
        spark.sparkContext().hadoopConfiguration());
    if (batches.isEmpty()) {
      throw new StrataException("entity " + entityName + ": source " + source.name() + " has no raw data yet under " + rawEntity
          + ". Fix: run strata ingest --source " + source.name() + " first");
    }
    Dataset<Row> raw = spark.read().option("basePath", rawEntity.uri()).option("mergeSchema", "true")
        .parquet(batches.stream().map(RawBatch::uri).toArray(String[]::new));
    SchemaDrift drift = SchemaDrift.between(raw.schema(), entity);
    Dataset<Row> typed = Standardizer.standardize(raw, entity, drift, List.of());
    List<Column> business = new ArrayList<>();
    entity.columns().stream().map(ColumnSpec::name).forEach(name -> business.add(col(quoted(name))));
    drift.evolved().forEach(column -> business.add(col(quoted(column.name()))));
    EntityConfig withEvolved = new EntityConfig(entity.name(), entity.source(), entity.key(), entity.changeOrder(), entity.snakeCase(),
        entity.renames(), entity.drop(), entity.nullTokens(), entity.timeZone(),
        java.util.stream.Stream.concat(entity.columns().stream(), drift.evolved().stream()).toList(), "evolve", "fill-null");
    return new PiiDetector(config.pii()).scan(typed.filter(col(Standardizer.REASON).isNull()).select(business.toArray(Column[]::new)),
        withEvolved);
  }
}
