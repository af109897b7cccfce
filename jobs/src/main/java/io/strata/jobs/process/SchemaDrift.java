package io.strata.jobs.process;

import io.strata.jobs.ingest.RawBatchWriter;
import io.strata.jobs.ingest.SourceRead;
import io.strata.jobs.ingest.kafka.KafkaColumns;
import io.strata.layout.LakeLayout;
import io.strata.layout.StrataException;
import io.strata.layout.config.ColumnSpec;
import io.strata.layout.config.EntityConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Compares the raw columns with the entity's declared columns and applies the drift policy:
 * which raw column feeds each processed column, which new columns are added or ignored, which
 * declared columns are filled with null. Every difference becomes an event the stage reports.
 */
record SchemaDrift(Map<String, String> rawByProcessed, List<ColumnSpec> evolved, List<String> filledWithNull, List<String> events) {
  /** Columns the ingest stage adds; they are not the source's data. */
  static final Set<String> RAW_METADATA = Set.of(SourceRead.ORIGIN, RawBatchWriter.INGESTED_AT, RawBatchWriter.SOURCE,
      RawBatchWriter.BATCH_ID, RawBatchWriter.RUN_DATE, LakeLayout.INGEST_DATE_COLUMN, LakeLayout.BATCH_ID_COLUMN,
      ProcessJob.FILE, ProcessJob.ROW_INDEX);

  static SchemaDrift between(StructType raw, EntityConfig entity) {
    Map<String, String> rawByProcessed = new LinkedHashMap<>();
    Map<String, StructField> rawFields = new LinkedHashMap<>();
    for (StructField field : raw.fields()) {
      if (RAW_METADATA.contains(field.name()) || entity.drop().contains(field.name())) {
        continue;
      }
      String processed = ColumnNames.processedName(field.name(), entity);
      if (entity.drop().contains(processed)) {
        continue;
      }
      // A Kafka source's metadata (topic, offset, key, ...) reaches the processed table only when declared.
      if (KafkaColumns.ALL.contains(field.name()) && entity.column(processed).isEmpty()) {
        continue;
      }
      if (rawByProcessed.containsKey(processed)) {
        throw new StrataException("entities." + entity.name() + ": raw columns '" + rawByProcessed.get(processed) + "' and '"
            + field.name() + "' both become '" + processed + "'. Fix: rename one with entities." + entity.name() + ".rename, or drop one");
      }
      rawByProcessed.put(processed, field.name());
      rawFields.put(processed, field);
    }
    List<String> events = new ArrayList<>();
    List<String> problems = new ArrayList<>(); // both drift failures in one message, so one config edit settles them
    List<ColumnSpec> evolved = new ArrayList<>();
    List<String> newColumns = rawByProcessed.keySet().stream().filter(name -> entity.column(name).isEmpty()).toList();
    if (!newColumns.isEmpty()) {
      switch (entity.newColumns()) {
        case "evolve" -> newColumns.forEach(name -> {
          String type = rawFields.get(name).dataType().simpleString();
          evolved.add(new ColumnSpec(name, type, true, java.util.Optional.empty(), io.strata.layout.config.PiiRule.of(io.strata.layout.config.PiiRule.UNSET)));
          events.add("new column '" + name + "' (" + type + ") added");
        });
        case "ignore" -> newColumns.forEach(name -> events.add("new column '" + name + "' ignored"));
        default -> problems.add("the raw data has new column(s) " + String.join(", ", newColumns)
            + ". Fix: declare them under entities." + entity.name() + ".columns, or set entities." + entity.name()
            + ".drift.new-columns = evolve or ignore");
      }
      if (!entity.newColumns().equals("evolve")) {
        newColumns.forEach(rawByProcessed::remove);
      }
    }
    List<String> missing = entity.columns().stream().map(ColumnSpec::name).filter(name -> !rawByProcessed.containsKey(name)).toList();
    if (!missing.isEmpty()) {
      if (!entity.missingColumns().equals("fill-null")) {
        problems.add("declared column(s) " + String.join(", ", missing)
            + " are missing from the raw data of source " + entity.source() + ". Fix: correct the source or the column names (rename), "
            + "or set entities." + entity.name() + ".drift.missing-columns = fill-null");
      } else {
        missing.forEach(name -> events.add("missing column '" + name + "' filled with null"));
      }
    }
    if (!problems.isEmpty()) {
      throw new StrataException("entities." + entity.name() + ": " + String.join("; and ", problems));
    }
    return new SchemaDrift(rawByProcessed, evolved, missing, events);
  }
}
