package io.strata.layout.config;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code warehouse} section: the PostgreSQL, MySQL or MariaDB database the curated layer is exported to, and
 * ({@code export}) what the export stage publishes there.
 */
public record WarehouseConfig(String url, String schema, String user, Secret password, String sslMode, ExportConfig export,
    WarehouseSecurity security) {
  static final List<String> SSL_MODES = List.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");
  private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  public WarehouseConfig {
    requireNonNull(url, "url is null");
    requireNonNull(schema, "schema is null");
    requireNonNull(user, "user is null");
    requireNonNull(password, "password is null");
    requireNonNull(sslMode, "sslMode is null");
    requireNonNull(export, "export is null");
    requireNonNull(security, "security is null");
  }

  /** A warehouse whose grants and row security Strata leaves alone. */
  public WarehouseConfig(String url, String schema, String user, Secret password, String sslMode, ExportConfig export) {
    this(url, schema, user, password, sslMode, export, WarehouseSecurity.none());
  }

  /** The problem to report when the export stage runs where the password is not set; empty when it is. */
  public java.util.Optional<String> passwordProblem() {
    if (password.isAvailable()) {
      return java.util.Optional.empty();
    }
    String reference = password.reference();
    String fix = reference.startsWith("env:") ? "export " + reference.substring(4) + " before running the export stage"
        : reference.startsWith("secret:") ? "add " + reference.substring(7) + "=... to secrets.file"
        : "create " + reference.substring(reference.indexOf(':') + 1) + " holding the password";
    return java.util.Optional.of("warehouse.password: " + reference + " is not set. Fix: " + fix);
  }

  /** A warehouse with the default export: the whole model, incrementally. */
  public WarehouseConfig(String url, String schema, String user, Secret password, String sslMode) {
    this(url, schema, user, password, sslMode, ExportConfig.defaults());
  }

  /** This warehouse with {@code export} in place of its export settings. */
  public WarehouseConfig withExport(ExportConfig export) {
    return new WarehouseConfig(url, schema, user, password, sslMode, export, security);
  }

  /** This warehouse with {@code security} in place of its grants and row policies. */
  public WarehouseConfig withSecurity(WarehouseSecurity security) {
    return new WarehouseConfig(url, schema, user, password, sslMode, export, security);
  }

  /** Whether {@code url} names a MySQL or MariaDB server (both served by MariaDB Connector/J). */
  public static boolean isMySql(String url) {
    return url.startsWith("jdbc:mysql://") || url.startsWith("jdbc:mariadb://");
  }

  /** Whether the warehouse is MySQL or MariaDB rather than PostgreSQL. */
  public boolean isMySql() {
    return isMySql(url);
  }

  /** The database a MySQL URL names, empty when none: {@code jdbc:mysql://host:3306/db?x=y} gives {@code db}. */
  static String urlDatabase(String url) {
    String rest = url.substring(url.indexOf("//") + 2);
    int slash = rest.indexOf('/');
    if (slash < 0) {
      return "";
    }
    String database = rest.substring(slash + 1);
    int query = database.indexOf('?');
    return query < 0 ? database : database.substring(0, query);
  }

  static WarehouseConfig parse(SectionReader reader, ModelConfig model) {
    String url = reader.requiredString("url", "write url = \"jdbc:postgresql://host:5432/database\"");
    boolean mysql = isMySql(url);
    if (!url.isEmpty() && !url.startsWith("jdbc:postgresql://") && !mysql) {
      reader.problem("url", "is not a PostgreSQL, MySQL or MariaDB JDBC URL", "write url = \"jdbc:postgresql://host:5432/database\""
          + " or \"jdbc:mysql://host:3306/database\"");
    }
    if (url.toLowerCase(java.util.Locale.ROOT).contains("password=")) {
      reader.problem("url", "carries a password (not shown)",
          "remove it from the URL and set " + reader.keyPath("password") + " = \"env:VARIABLE\"");
    }
    // MySQL's schema is a database: by default the one the URL names.
    String schema = reader.string("schema", mysql ? urlDatabase(url) : "public");
    if (mysql && schema.isEmpty()) {
      reader.problem("schema", "is not set and the URL names no database", "name the database in the URL (jdbc:mysql://host:3306/warehouse)"
          + " or set " + reader.keyPath("schema"));
    }
    if ((!mysql || !schema.isEmpty()) && !IDENTIFIER.matcher(schema).matches()) {
      reader.problem("schema", "is '" + schema + "', not a plain lower-case identifier",
          "use lower-case letters, digits and '_', starting with a letter or '_'");
    }
    String user = reader.requiredString("user", "write user = \"strata\"");
    Secret password = reader.requiredDeferredSecret("password", "write password = \"env:STRATA_WAREHOUSE_PASSWORD\" and export that variable");
    String sslMode = reader.choice("sslmode", "prefer", SSL_MODES);
    ExportConfig export = reader.section("export", section -> ExportConfig.parse(section, model)).orElse(ExportConfig.defaults());
    WarehouseSecurity security = reader.section("security", section -> WarehouseSecurity.parse(section, export.tablesOf(model), export))
        .orElse(WarehouseSecurity.none());
    return new WarehouseConfig(url, schema, user, password, sslMode, export, security);
  }
}
