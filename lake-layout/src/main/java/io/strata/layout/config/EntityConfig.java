package io.strata.layout.config;

import static java.util.Objects.requireNonNull;

import io.strata.layout.LakeNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One entry of the {@code entities} section: how the process stage turns a source's raw batches
 * into the processed Delta table {@code processed/<entity>}.
 *
 * @param source the source whose raw data feeds the entity
 * @param key the entity key (one or more processed column names): MERGE and deduplication use it
 * @param changeOrder the column whose greatest value wins among duplicates of a key (then ingest order)
 * @param snakeCase whether raw column names become snake_case ({@code naming = snake_case}, the default)
 * @param renames raw column name to processed name, applied before snake_case
 * @param drop raw columns left out
 * @param nullTokens text values that mean null
 * @param timeZone the zone timestamps without an offset are read in
 * @param columns the processed columns, in order
 * @param newColumns drift policy for raw columns not declared: evolve, ignore or fail
 * @param missingColumns drift policy for declared columns missing from raw: fail or fill-null
 * @param fullSnapshot whether each raw batch holds every live row of the source, so a key missing
 *     from the latest batch was deleted at the source: process deletes it from the processed table
 *     and the change feed carries the delete
 * @param streamProcess whether {@code strata stream}, reading the entity's (Kafka) source continuously, also
 *     runs each micro-batch through the process rules into the processed table ({@code stream-process = true});
 *     otherwise the stream lands raw batches and the next {@code process} run takes them
 */
public record EntityConfig(
    String name,
    String source,
    List<String> key,
    Optional<String> changeOrder,
    boolean snakeCase,
    Map<String, String> renames,
    List<String> drop,
    List<String> nullTokens,
    String timeZone,
    List<ColumnSpec> columns,
    String newColumns,
    String missingColumns,
    boolean fullSnapshot,
    boolean streamProcess) {

  public static final List<String> NEW_COLUMN_POLICIES = List.of("evolve", "ignore", "fail");
  public static final List<String> MISSING_COLUMN_POLICIES = List.of("fail", "fill-null");

  public EntityConfig {
    requireNonNull(name, "name is null");
    requireNonNull(source, "source is null");
    key = List.copyOf(requireNonNull(key, "key is null"));
    requireNonNull(changeOrder, "changeOrder is null");
    renames = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(renames, "renames is null")));
    drop = List.copyOf(requireNonNull(drop, "drop is null"));
    nullTokens = List.copyOf(requireNonNull(nullTokens, "nullTokens is null"));
    requireNonNull(timeZone, "timeZone is null");
    columns = List.copyOf(requireNonNull(columns, "columns is null"));
    requireNonNull(newColumns, "newColumns is null");
    requireNonNull(missingColumns, "missingColumns is null");
  }

  /** An entity {@code strata stream} does not process. */
  public EntityConfig(String name, String source, List<String> key, Optional<String> changeOrder, boolean snakeCase,
      Map<String, String> renames, List<String> drop, List<String> nullTokens, String timeZone, List<ColumnSpec> columns,
      String newColumns, String missingColumns, boolean fullSnapshot) {
    this(name, source, key, changeOrder, snakeCase, renames, drop, nullTokens, timeZone, columns, newColumns, missingColumns, fullSnapshot,
        false);
  }

  /** An entity whose batches are changes, not snapshots. */
  public EntityConfig(String name, String source, List<String> key, Optional<String> changeOrder, boolean snakeCase,
      Map<String, String> renames, List<String> drop, List<String> nullTokens, String timeZone, List<ColumnSpec> columns,
      String newColumns, String missingColumns) {
    this(name, source, key, changeOrder, snakeCase, renames, drop, nullTokens, timeZone, columns, newColumns, missingColumns, false);
  }

  public Optional<ColumnSpec> column(String name) {
    return columns.stream().filter(column -> column.name().equals(name)).findFirst();
  }

  static Map<String, EntityConfig> parseAll(SectionReader entities, Map<String, SourceConfig> sources) {
    return parseAll(entities, sources, new LinkedHashMap<>());
  }

  /** @param docs receives each entity's description and owner, as {@code processed.<entity>} */
  static Map<String, EntityConfig> parseAll(SectionReader entities, Map<String, SourceConfig> sources, Map<String, TableDocs> docs) {
    Map<String, EntityConfig> result = new LinkedHashMap<>();
    for (String name : entities.entryNames()) {
      if (!LakeNames.isValid(name)) {
        entities.problem(name, "is not a plain entity name", "use lower-case letters, digits and '_', starting with a letter");
      }
      entities.subsection(name).ifPresent(entity -> {
        docs.put(QualityTable.PROCESSED_PREFIX + "." + name, TableDocs.read(entity));
        result.put(name, parse(name, entity, sources));
        entity.finish();
      });
    }
    return result;
  }

  private static boolean streamProcess(SectionReader entity, String source, Map<String, SourceConfig> sources) {
    boolean streamProcess = entity.bool("stream-process", false);
    if (streamProcess && sources.containsKey(source) && !(sources.get(source) instanceof KafkaSourceConfig)) {
      entity.problem("stream-process", "is set, but source " + source + " is not a Kafka source (strata stream reads Kafka sources only)",
          "remove stream-process, or feed the entity from a type = kafka source");
    }
    return streamProcess;
  }

  private static EntityConfig parse(String name, SectionReader entity, Map<String, SourceConfig> sources) {
    String source = entity.requiredString("source", "name the source that feeds this entity, e.g. source = shop_db");
    if (!source.isEmpty() && !sources.containsKey(source)) {
      entity.problem("source", "is '" + source + "', which is not a configured source",
          SectionReader.suggestion(source, sources.keySet()).map(s -> "did you mean '" + s + "'?")
              .orElse("sources: " + String.join(", ", sources.keySet())));
    }
    List<ColumnSpec> columns = new ArrayList<>();
    entity.subsection("columns").ifPresent(section -> {
      for (String column : section.entryNames()) {
        if (section.isSection(column)) {
          SectionReader spec = section.subsection(column).orElseThrow();
          columns.add(ColumnSpec.parse(column, spec));
          spec.finish();
        } else {
          columns.add(ColumnSpec.ofType(column, section));
        }
      }
      section.finish();
    });
    if (columns.isEmpty()) {
      entity.problem("columns", "declares no columns", "declare every column with its type: columns { id = bigint, name = string }");
    }
    List<String> key = entity.stringList("key");
    if (key.isEmpty()) {
      entity.problem("key", "is required", "write key = [id] (the column or columns that identify a row)");
    }
    for (String part : key) {
      if (columns.stream().noneMatch(column -> column.name().equals(part))) {
        entity.problem("key", "names '" + part + "', which is not a declared column", "declare it under columns, or fix the key");
      }
    }
    Optional<String> changeOrder = entity.optionalString("change-order");
    changeOrder.filter(order -> columns.stream().noneMatch(column -> column.name().equals(order)))
        .ifPresent(order -> entity.problem("change-order", "names '" + order + "', which is not a declared column",
            "declare it under columns, e.g. updated_at { type = timestamp }"));
    String naming = entity.choice("naming", "snake_case", List.of("snake_case", "as-is"));
    Map<String, String> renames = entity.stringMap("rename");
    String newColumns = "fail";
    String missingColumns = "fail";
    Optional<SectionReader> drift = entity.subsection("drift");
    if (drift.isPresent()) {
      newColumns = drift.get().choice("new-columns", "fail", NEW_COLUMN_POLICIES);
      missingColumns = drift.get().choice("missing-columns", "fail", MISSING_COLUMN_POLICIES);
      drift.get().finish();
    }
    List<String> nullTokens = entity.has("null-tokens") ? entity.stringList("null-tokens") : List.of("", "NULL", "null", "N/A");
    return new EntityConfig(name, source, key, changeOrder, naming.equals("snake_case"), renames, entity.stringList("drop"),
        nullTokens, entity.string("time-zone", "UTC"), columns, newColumns, missingColumns, entity.bool("full-snapshot", false),
        streamProcess(entity, source, sources));
  }
}
