package io.strata.layout.config;

import static java.util.Objects.requireNonNull;

import io.strata.layout.LakeNames;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One entry of {@code model.dimensions}: a curated dimension table {@code curated/<name>}.
 *
 * @param naturalKey the source columns that identify a member
 * @param scdType 1 (attributes overwritten in place) or 2 (a change in a tracked column makes a new version)
 * @param tracked SCD2: the columns whose change makes a new version
 * @param typeOne SCD2: columns overwritten in place on all versions of a member
 * @param attributes SCD1: the columns kept; empty means every source column but the key and {@code _audit} columns
 * @param changeTime the source column holding when a change happened; absent means the run date
 * @param fullSnapshot whether the source holds every live member, so a missing key was deleted
 */
public record DimensionConfig(String name, ModelSource source, List<String> naturalKey, int scdType, List<String> tracked,
    List<String> typeOne, List<String> attributes, Optional<String> changeTime, boolean fullSnapshot) {

  public DimensionConfig {
    requireNonNull(name, "name is null");
    requireNonNull(source, "source is null");
    naturalKey = List.copyOf(requireNonNull(naturalKey, "naturalKey is null"));
    tracked = List.copyOf(requireNonNull(tracked, "tracked is null"));
    typeOne = List.copyOf(requireNonNull(typeOne, "typeOne is null"));
    attributes = List.copyOf(requireNonNull(attributes, "attributes is null"));
    requireNonNull(changeTime, "changeTime is null");
  }

  /** The surrogate key column: {@code dim_customer_key}. */
  public String keyColumn() {
    return name + "_key";
  }

  static DimensionConfig parse(String name, SectionReader dimension, Map<String, EntityConfig> entities) {
    ModelSource source = ModelSource.parse(dimension, entities);
    List<String> naturalKey = dimension.stringList("natural-key");
    if (naturalKey.isEmpty()) {
      dimension.problem("natural-key", "is required", "write natural-key = [customer_id] (the source columns that identify a member)");
    }
    int scdType = dimension.integer("scd-type", 2, 1, 2);
    List<String> tracked = dimension.stringList("tracked");
    List<String> typeOne = dimension.stringList("type-1");
    List<String> attributes = dimension.stringList("columns");
    Optional<String> changeTime = dimension.optionalString("change-time");
    boolean fullSnapshot = dimension.bool("full-snapshot", false);
    if (scdType == 2) {
      if (tracked.isEmpty()) {
        dimension.problem("tracked", "is required for scd-type = 2",
            "list the columns whose change makes a new version, e.g. tracked = [city, segment], or set scd-type = 1");
      }
      if (!attributes.isEmpty()) {
        dimension.problem("columns", "is for scd-type = 1 only", "list SCD2 attributes under tracked and type-1");
      }
      Set<String> both = new LinkedHashSet<>(tracked);
      both.retainAll(typeOne);
      if (!both.isEmpty()) {
        dimension.problem("type-1", "repeats tracked column(s) " + both, "a column is either tracked (new version) or type-1 (overwritten)");
      }
    } else if (fullSnapshot) {
      dimension.problem("full-snapshot", "is for scd-type = 2 only", "remove it; an SCD1 dimension keeps members the source drops");
    } else if (!tracked.isEmpty() || !typeOne.isEmpty()) {
      dimension.problem(tracked.isEmpty() ? "type-1" : "tracked", "is for scd-type = 2 only",
          "for scd-type = 1 list the attributes under columns");
    }
    List<String> inKey = new ArrayList<>(tracked);
    inKey.addAll(typeOne);
    inKey.addAll(attributes);
    inKey.retainAll(naturalKey);
    if (!inKey.isEmpty()) {
      dimension.problem("natural-key", "column(s) " + inKey + " are also listed as attributes", "list a key column only under natural-key");
    }
    if (fullSnapshot && scdType == 2) {
      source.entity().map(entities::get).filter(entity -> !entity.fullSnapshot()).ifPresent(entity -> dimension.problem("full-snapshot",
          "needs entities." + entity.name() + ".full-snapshot = true: the dimension learns of deletes from the entity's changes, and only "
              + "a snapshot entity turns the keys its source dropped into deletes",
          "set entities." + entity.name() + ".full-snapshot = true (each batch of its source holds every live row), or remove full-snapshot here"));
    }
    source.entity().map(entities::get).ifPresent(entity -> {
      checkColumns(dimension, entity, "natural-key", naturalKey);
      checkColumns(dimension, entity, "tracked", tracked);
      checkColumns(dimension, entity, "type-1", typeOne);
      checkColumns(dimension, entity, "columns", attributes);
      checkColumns(dimension, entity, "change-time", changeTime.map(List::of).orElse(List.of()));
    });
    return new DimensionConfig(name, source, naturalKey, scdType, tracked, typeOne, attributes, changeTime, fullSnapshot);
  }

  /** Columns of an entity source are known before Spark starts; those of a sql source are checked when it runs. */
  static void checkColumns(SectionReader section, EntityConfig entity, String key, List<String> columns) {
    for (String column : columns) {
      if (entity.column(column).isEmpty()) {
        section.problem(key, "names '" + column + "', which entity " + entity.name() + " does not have",
            SectionReader.suggestion(column, entity.columns().stream().map(ColumnSpec::name).toList())
                .map(s -> "did you mean '" + s + "'?").orElse("columns of " + entity.name() + ": "
                    + String.join(", ", entity.columns().stream().map(ColumnSpec::name).toList())));
      }
    }
  }

  static boolean validName(SectionReader section, String name) {
    if (!LakeNames.isValid(name)) {
      section.problem(name, "is not a plain table name", "use lower-case letters, digits and '_', starting with a letter");
      return false;
    }
    return true;
  }
}
