package io.strata.layout.config;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a dimension or fact reads its rows: one processed entity ({@code source = customers}) or a
 * Spark SQL {@code SELECT} over processed entities, each visible as a view named after the entity
 * ({@code sql = "SELECT ... FROM customers JOIN nations ..."}). Exactly one of the two is set.
 *
 * @param changedBy for a sql source: the entities whose changed rows, put through the query in
 *     place of the whole entity, tell what to rebuild (the model then builds incrementally);
 *     empty: the query is read whole whenever an entity changed
 */
public record ModelSource(Optional<String> entity, Optional<String> sql, List<String> changedBy) {
  public ModelSource {
    requireNonNull(entity, "entity is null");
    requireNonNull(sql, "sql is null");
    changedBy = List.copyOf(requireNonNull(changedBy, "changedBy is null"));
    if (entity.isPresent() == sql.isPresent()) {
      throw new IllegalArgumentException("exactly one of entity and sql must be set");
    }
  }

  public ModelSource(Optional<String> entity, Optional<String> sql) {
    this(entity, sql, List.of());
  }

  /** The entities whose change feed drives an incremental build; empty when the source is read whole. */
  public List<String> drivers() {
    return entity.map(List::of).orElse(changedBy);
  }

  public static ModelSource entity(String entity) {
    return new ModelSource(Optional.of(entity), Optional.empty());
  }

  public static ModelSource sql(String sql) {
    return new ModelSource(Optional.empty(), Optional.of(sql));
  }

  public static ModelSource sql(String sql, List<String> changedBy) {
    return new ModelSource(Optional.empty(), Optional.of(sql), changedBy);
  }

  public String describe() {
    return entity.map(name -> "entity " + name).orElse("sql");
  }

  /** Reads {@code source} or {@code sql} of a dimension or fact; reports none, both, or an unknown entity. */
  static ModelSource parse(SectionReader section, Map<String, EntityConfig> entities) {
    Optional<String> entity = section.optionalString("source");
    Optional<String> sql = section.optionalString("sql");
    List<String> changedBy = section.stringList("changed-by");
    if (!changedBy.isEmpty() && sql.isEmpty()) {
      section.problem("changed-by", "is for sql sources", "remove it: a dimension or fact with source = <entity> reads that entity's changes already");
    }
    for (String name : changedBy) {
      if (!entities.containsKey(name)) {
        section.problem("changed-by", "names '" + name + "', which is not a configured entity",
            SectionReader.suggestion(name, entities.keySet()).map(s -> "did you mean '" + s + "'?")
                .orElse("entities: " + (entities.isEmpty() ? "(none)" : String.join(", ", entities.keySet()))));
      }
    }
    if (entity.isPresent() && sql.isPresent()) {
      section.problem("sql", "is set together with " + section.keyPath("source"), "keep one: source = <entity> or sql = \"SELECT ...\"");
      return ModelSource.entity(entity.get());
    }
    if (entity.isEmpty() && sql.isEmpty()) {
      section.problem("source", "is required (or sql)", "write source = <processed entity> or sql = \"SELECT ... FROM <entity>\"");
      return ModelSource.entity("");
    }
    entity.filter(name -> !entities.containsKey(name)).ifPresent(name -> section.problem("source",
        "is '" + name + "', which is not a configured entity",
        SectionReader.suggestion(name, entities.keySet()).map(s -> "did you mean '" + s + "'?")
            .orElse("entities: " + (entities.isEmpty() ? "(none)" : String.join(", ", entities.keySet())))));
    sql.filter(text -> !text.toLowerCase(java.util.Locale.ROOT).matches("(?s)\\s*(select|with)\\b.*"))
        .ifPresent(text -> section.problem("sql", "is not a SELECT query", "write sql = \"SELECT ... FROM <entity>\""));
    return entity.map(ModelSource::entity).orElseGet(() -> ModelSource.sql(sql.get(), changedBy));
  }
}
