package io.strata.layout.config;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code catalog} section: which metastore the processed and curated tables are registered
 * in, as {@code processed.<entity>} and {@code curated.<table>}. {@code session} (the default)
 * needs no server: Spark's own catalog, which lives as long as the Spark application;
 * {@code hive} is a Hive metastore at {@code uri}; {@code glue} is AWS Glue Data Catalog, where
 * the cluster has its client (EMR, Glue).
 *
 * @param databasePrefix put before {@code processed} and {@code curated}, so pipelines or environments that share a
 *     metastore keep their own databases ({@code prod_curated})
 * @param docs each table's description and owner, by catalog name ({@code processed.customers}, {@code curated.dim_customer})
 */
public record CatalogConfig(String type, Optional<String> uri, String databasePrefix, Map<String, TableDocs> docs) {
  public static final List<String> TYPES = List.of("session", "hive", "glue");

  public CatalogConfig {
    requireNonNull(type, "type is null");
    requireNonNull(uri, "uri is null");
    requireNonNull(databasePrefix, "databasePrefix is null");
    docs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(docs, "docs is null")));
  }

  public static CatalogConfig defaults() {
    return new CatalogConfig("session", Optional.empty(), "", Map.of());
  }

  public TableDocs docsOf(String catalogName) {
    return docs.getOrDefault(catalogName, TableDocs.none());
  }

  static CatalogConfig parse(SectionReader reader, Map<String, TableDocs> docs) {
    String type = reader.choice("type", "session", TYPES);
    Optional<String> uri = reader.optionalString("uri");
    if (type.equals("hive") && uri.isEmpty()) {
      reader.problem("uri", "is required with type = hive", "write uri = \"thrift://metastore:9083\"");
    }
    if (uri.isPresent() && !type.equals("hive")) {
      reader.problem("uri", "is set, but type is " + type + ": only a Hive metastore is reached by URI", "remove uri, or write type = hive");
    }
    uri.filter(value -> !value.startsWith("thrift://")).ifPresent(value -> reader.problem("uri", "is not a thrift:// URI",
        "write uri = \"thrift://metastore:9083\""));
    String prefix = reader.string("database-prefix", "");
    if (!prefix.matches("[a-z][a-z0-9_]*_?|")) {
      reader.problem("database-prefix", "is '" + prefix + "', not a plain name", "use lower-case letters, digits and '_', e.g. database-prefix = prod_");
    }
    return new CatalogConfig(type, uri, prefix, docs);
  }
}
