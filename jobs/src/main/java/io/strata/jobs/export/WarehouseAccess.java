package io.strata.jobs.export;

import static java.util.Objects.requireNonNull;

import io.strata.layout.StrataException;
import io.strata.layout.config.MemberAccess;
import io.strata.layout.config.WarehouseSecurity;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Applies {@code warehouse.security} inside the publishing transaction: group roles created, each
 * published table's grants and row policy set before the commit makes it visible (a swapped-in
 * table is a new object with none), views made to run as the reader so they cannot bypass the
 * policies. Only the roles the section names are granted or revoked; other grants are left alone.
 */
final class WarehouseAccess {
  /** The name of the policy Strata owns on a table; policies of other names are left alone. */
  static final String POLICY = "strata_row_policy";
  private static final int SECURITY_INVOKER_VERSION = 150000;

  private final String schema;
  private final WarehouseSecurity security;

  WarehouseAccess(String schema, WarehouseSecurity security) {
    this.schema = requireNonNull(schema, "schema is null");
    this.security = requireNonNull(security, "security is null");
  }

  boolean enabled() {
    return !security.isEmpty();
  }

  /** Creates the group roles that are missing and checks every other role the section names exists. */
  void prepare(Connection connection, boolean hasViews) throws SQLException {
    if (!enabled()) {
      return;
    }
    if (hasViews && serverVersion(connection) < SECURITY_INVOKER_VERSION) {
      throw new StrataException("warehouse.security: views need PostgreSQL 15 or later to run as their reader (security_invoker), "
          + "else they would show every row to every role granted them. Fix: upgrade the warehouse, or remove the views");
    }
    for (String role : security.roles()) {
      if (!exists(connection, role)) {
        WarehouseCatalog.execute(connection, "CREATE ROLE " + PgNames.quote(role) + " NOLOGIN");
      }
    }
    for (String role : security.managedRoles()) {
      if (!exists(connection, role)) {
        throw new StrataException("warehouse.security: role '" + role + "' does not exist in the warehouse. Nothing was published. Fix: "
            + "create it (a login role is created by the warehouse's administrator), or list it under warehouse.security.roles "
            + "for Strata to create as a group role without login");
      }
    }
    for (MemberAccess mapping : security.access().values()) {
      publishMapping(connection, mapping);
    }
  }

  /**
   * Replaces the rows of a mapping table ({@code role, value}) with the config's. The policies that
   * read it run as the reader, so every role that may read a table it filters may read it too.
   */
  private void publishMapping(Connection connection, MemberAccess mapping) throws SQLException {
    String target = PgNames.qualified(schema, mapping.table());
    WarehouseCatalog.execute(connection, "CREATE TABLE IF NOT EXISTS " + target + " (role text NOT NULL, value text NOT NULL)");
    WarehouseCatalog.execute(connection, "DELETE FROM " + target);
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + target + " (role, value) VALUES (?, ?)")) {
      for (Map.Entry<String, List<String>> member : mapping.members().entrySet()) {
        for (String value : member.getValue()) {
          insert.setString(1, member.getKey());
          insert.setString(2, value);
          insert.addBatch();
        }
      }
      insert.executeBatch();
    }
    Set<String> readers = new LinkedHashSet<>(mapping.members().keySet());
    mapping.tables().keySet().forEach(table -> readers.addAll(security.grants().getOrDefault(table, List.of())));
    WarehouseCatalog.execute(connection, "REVOKE ALL ON TABLE " + target + " FROM " + roleList(security.managedRoles()));
    WarehouseCatalog.execute(connection, "GRANT USAGE ON SCHEMA " + PgNames.quote(schema) + " TO " + roleList(readers));
    WarehouseCatalog.execute(connection, "GRANT SELECT ON TABLE " + target + " TO " + roleList(readers));
  }

  /**
   * Drops Strata's policies on the tables about to be published: a policy that reads another table
   * would stop that table's swap, as a view would. {@link #secureTable} recreates them before the commit.
   */
  void releasePolicies(Connection connection, List<String> tables) throws SQLException {
    if (!enabled()) {
      return;
    }
    for (String table : tables) {
      String target = PgNames.qualified(schema, table);
      if (WarehouseCatalog.exists(connection, schema, table)) {
        WarehouseCatalog.execute(connection, "DROP POLICY IF EXISTS " + PgNames.quote(POLICY) + " ON " + target);
      }
    }
  }

  /** The grants and row policy of a published table, as the config says now. */
  void secureTable(Connection connection, String table) throws SQLException {
    if (!enabled()) {
      return;
    }
    String target = PgNames.qualified(schema, table);
    WarehouseSecurity.RowPolicy policy = security.policies().get(table);
    if (policy == null) {
      WarehouseCatalog.execute(connection, "ALTER TABLE " + target + " DISABLE ROW LEVEL SECURITY");
    } else {
      WarehouseCatalog.execute(connection, "ALTER TABLE " + target + " ENABLE ROW LEVEL SECURITY");
      // Policy subqueries name tables without a schema, as views do: they resolve in the export schema.
      WarehouseCatalog.execute(connection, "SET LOCAL search_path TO " + PgNames.quote(schema));
      WarehouseCatalog.execute(connection, "CREATE POLICY " + PgNames.quote(POLICY) + " ON " + target + " FOR SELECT TO "
          + (policy.roles().isEmpty() ? "PUBLIC" : roleList(policy.roles())) + " USING (" + policy.using() + ")");
    }
    grant(connection, "TABLE " + target, table);
  }

  /** The grants of a view, recreated by this publish. */
  void secureView(Connection connection, String view) throws SQLException {
    if (enabled()) {
      grant(connection, "TABLE " + PgNames.qualified(schema, view), view);
    }
  }

  /** The options a view is created with: run as the reader, so the policies of its tables filter it. */
  String viewOptions() {
    return enabled() ? " WITH (security_invoker = true, security_barrier = true)" : "";
  }

  private void grant(Connection connection, String object, String name) throws SQLException {
    Set<String> managed = security.managedRoles();
    if (!managed.isEmpty()) {
      WarehouseCatalog.execute(connection, "REVOKE ALL ON " + object + " FROM " + roleList(managed));
    }
    List<String> readers = security.grants().getOrDefault(name, List.of());
    if (!readers.isEmpty()) {
      WarehouseCatalog.execute(connection, "GRANT USAGE ON SCHEMA " + PgNames.quote(schema) + " TO " + roleList(readers));
      WarehouseCatalog.execute(connection, "GRANT SELECT ON " + object + " TO " + roleList(readers));
    }
  }

  private static String roleList(java.util.Collection<String> roles) {
    return roles.stream().map(PgNames::quote).collect(Collectors.joining(", "));
  }

  private static boolean exists(Connection connection, String role) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
      statement.setString(1, role);
      try (ResultSet result = statement.executeQuery()) {
        return result.next();
      }
    }
  }

  private static int serverVersion(Connection connection) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement("SHOW server_version_num");
         ResultSet result = statement.executeQuery()) {
      result.next();
      return Integer.parseInt(result.getString(1));
    }
  }
}
