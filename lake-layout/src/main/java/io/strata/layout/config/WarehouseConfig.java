package io.strata.layout.config;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.regex.Pattern;

/** The {@code warehouse} section: the PostgreSQL database the curated layer is exported to. */
public record WarehouseConfig(String url, String schema, String user, Secret password, String sslMode) {
  static final List<String> SSL_MODES = List.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");
  private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  public WarehouseConfig {
    requireNonNull(url, "url is null");
    requireNonNull(schema, "schema is null");
    requireNonNull(user, "user is null");
    requireNonNull(password, "password is null");
    requireNonNull(sslMode, "sslMode is null");
  }

  static WarehouseConfig parse(SectionReader reader) {
    String url = reader.requiredString("url", "write url = \"jdbc:postgresql://host:5432/database\"");
    if (!url.isEmpty() && !url.startsWith("jdbc:postgresql://")) {
      reader.problem("url", "is not a PostgreSQL JDBC URL", "write url = \"jdbc:postgresql://host:5432/database\"");
    }
    if (url.toLowerCase(java.util.Locale.ROOT).contains("password=")) {
      reader.problem("url", "carries a password (not shown)",
          "remove it from the URL and set " + reader.keyPath("password") + " = \"env:VARIABLE\"");
    }
    String schema = reader.string("schema", "public");
    if (!IDENTIFIER.matcher(schema).matches()) {
      reader.problem("schema", "is '" + schema + "', not a plain lower-case identifier",
          "use lower-case letters, digits and '_', starting with a letter or '_'");
    }
    String user = reader.requiredString("user", "write user = \"strata\"");
    Secret password = reader.requiredSecret("password", "write password = \"env:STRATA_WAREHOUSE_PASSWORD\" and export that variable");
    String sslMode = reader.choice("sslmode", "prefer", SSL_MODES);
    return new WarehouseConfig(url, schema, user, password, sslMode);
  }
}
