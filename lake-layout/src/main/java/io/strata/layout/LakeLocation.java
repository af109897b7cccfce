package io.strata.layout;

import static java.util.Objects.requireNonNull;

/**
 * A folder in the lake as a URI string ({@code s3a://bucket/prefix/processed/orders}) that
 * Hadoop, Spark and Delta accept as it is. Built only by {@link LakeLayout}.
 */
public record LakeLocation(String uri) {
  public LakeLocation {
    requireNonNull(uri, "uri is null");
    if (uri.endsWith("/")) {
      throw new IllegalArgumentException("lake location must not end with '/': " + uri);
    }
  }

  LakeLocation child(String segment) {
    return new LakeLocation(uri + "/" + segment);
  }

  @Override
  public String toString() {
    return uri;
  }
}
