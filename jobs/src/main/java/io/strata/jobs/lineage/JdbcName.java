package io.strata.jobs.lineage;

import java.net.URI;

/** A JDBC URL as OpenLineage names databases: {@code postgres://host:5432} and the database; never the user or password. */
record JdbcName(String namespace, String database) {
  static JdbcName of(String jdbcUrl) {
    String url = jdbcUrl.startsWith("jdbc:") ? jdbcUrl.substring("jdbc:".length()) : jdbcUrl;
    try {
      URI uri = URI.create(url);
      String scheme = uri.getScheme().equals("postgresql") ? "postgres" : uri.getScheme();
      int port = uri.getPort();
      String database = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
      return new JdbcName(scheme + "://" + uri.getHost() + (port < 0 ? "" : ":" + port), database);
    } catch (RuntimeException e) {
      return new JdbcName("jdbc", "unknown");
    }
  }
}
