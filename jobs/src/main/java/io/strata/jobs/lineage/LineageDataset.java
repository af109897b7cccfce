package io.strata.jobs.lineage;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A dataset in OpenLineage's naming: a namespace (where it lives: {@code s3://bucket},
 * {@code file}, {@code postgres://host:5432}, {@code kafka://broker:9092}) and a name in it, the
 * layer Strata puts it in, and the columns the config knows with where each comes from.
 */
public record LineageDataset(String namespace, String name, String layer, List<Field> fields) {
  public LineageDataset {
    requireNonNull(namespace, "namespace is null");
    requireNonNull(name, "name is null");
    requireNonNull(layer, "layer is null");
    fields = List.copyOf(requireNonNull(fields, "fields is null"));
  }

  /** A column and the columns it is made from. */
  public record Field(String name, String type, List<Source> sources) {
    public Field {
      requireNonNull(name, "name is null");
      requireNonNull(type, "type is null");
      sources = List.copyOf(requireNonNull(sources, "sources is null"));
    }
  }

  /**
   * One column a field is made from.
   *
   * @param masked the value is masked on the way (a PII column), so the output does not hold the input's value
   * @param how what happens to it: {@code identity}, {@code pii: hmac}, {@code surrogate key of dim_customer}, ...
   */
  public record Source(String namespace, String name, String field, boolean masked, String how) {}

  /** The id the graph and the {@code --table} filter use: {@code namespace/name}. */
  public String id() {
    return namespace + "/" + name;
  }

  public LineageDataset withFields(List<Field> fields) {
    return new LineageDataset(namespace, name, layer, fields);
  }

  public LineageDataset withoutFields() {
    return new LineageDataset(namespace, name, layer, List.of());
  }
}
