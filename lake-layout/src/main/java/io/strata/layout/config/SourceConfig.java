package io.strata.layout.config;

import io.strata.layout.LakeNames;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One entry of the {@code sources} section: where data comes from and how the ingest stage reads
 * it into the raw layer as {@code raw/<source>/<entity>/}.
 */
public sealed interface SourceConfig permits FileSourceConfig, JdbcSourceConfig, KafkaSourceConfig, RestSourceConfig {
  List<String> TYPES = List.of("file", "jdbc", "rest", "kafka");

  /** The source's name: the key under {@code sources}. */
  String name();

  /** The entity the source delivers (default: the source's name). */
  String entity();

  /** {@code file}, {@code jdbc}, {@code rest} or {@code kafka}. */
  String type();

  /** Parses {@code sources { name { type = ..., ... } }}, in file order. */
  static Map<String, SourceConfig> parseAll(SectionReader sources) {
    Map<String, SourceConfig> result = new LinkedHashMap<>();
    for (String name : sources.entryNames()) {
      if (!LakeNames.isValid(name)) {
        sources.problem(name, "is not a plain source name", "use lower-case letters, digits and '_', starting with a letter");
      }
      sources.subsection(name).ifPresent(source -> {
        String type = source.has("type") ? source.choice("type", "file", TYPES) : "";
        if (type.isEmpty()) {
          source.problem("type", "is required but not set", "write type = file, jdbc, rest or kafka");
          return;
        }
        String entity = source.string("entity", name);
        if (!LakeNames.isValid(entity)) {
          source.problem("entity", "is '" + entity + "', not a plain name", "use lower-case letters, digits and '_'");
        }
        SourceConfig parsed = switch (type) {
          case "file" -> FileSourceConfig.parse(name, entity, source);
          case "jdbc" -> JdbcSourceConfig.parse(name, entity, source);
          case "kafka" -> KafkaSourceConfig.parse(name, entity, source);
          default -> RestSourceConfig.parse(name, entity, source);
        };
        source.finish();
        result.put(name, parsed);
      });
    }
    return result;
  }
}
