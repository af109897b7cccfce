package io.strata.layout.config;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One entry of {@code warehouse.security.access}: the mapping-table form of row policies. Which
 * values of a dimension's column each role may see is data, exported as the warehouse table
 * {@code strata_access_<name>(role, value)}; each table listed gets a generated policy that looks
 * its rows up in it. Moving a role to another country is then a config change, not a new SQL policy.
 *
 * @param dimension the dimension whose column the values are of
 * @param column that column
 * @param members role to the values it may see
 * @param tables table to its column that names the member: the dimension's surrogate key (a
 *     fact's reference key), or {@code column} itself (the dimension, an aggregate grouped by it)
 */
public record MemberAccess(String name, String dimension, String column, Map<String, List<String>> members, Map<String, String> tables) {
  public static final String TABLE_PREFIX = "strata_access_";

  public MemberAccess {
    requireNonNull(name, "name is null");
    requireNonNull(dimension, "dimension is null");
    requireNonNull(column, "column is null");
    Map<String, List<String>> copied = new LinkedHashMap<>();
    requireNonNull(members, "members is null").forEach((role, values) -> copied.put(role, List.copyOf(values)));
    members = Collections.unmodifiableMap(copied);
    tables = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(tables, "tables is null")));
  }

  /** The warehouse table holding the mapping. */
  public String table() {
    return TABLE_PREFIX + name;
  }

  /** The condition a row of {@code table} must meet: its member is one of the values a role the reader holds may see. */
  public String policy(String table) {
    String column = tables.get(table);
    String allowed = "SELECT m.value FROM " + table() + " m WHERE pg_has_role(current_user, m.role, 'MEMBER')";
    if (column.equals(this.column)) {
      return column + "::text IN (" + allowed + ")";
    }
    return column + " IN (SELECT d." + keyColumn() + " FROM " + dimension + " d WHERE d." + this.column + "::text IN (" + allowed + "))";
  }

  private String keyColumn() {
    return dimension.equals(DateDimensionConfig.TABLE) ? "date_key" : dimension + "_key";
  }

  static Optional<MemberAccess> parse(String name, SectionReader entry, List<String> exported) {
    if (!SqlIdentifiers.isPlain(TABLE_PREFIX + name)) {
      entry.problem("dimension", "belongs to access '" + name + "', which makes no plain table name", SqlIdentifiers.fix());
    }
    String dimension = entry.requiredString("dimension", "name the dimension whose column the roles' values are of, e.g. dimension = dim_store");
    String column = entry.requiredString("column", "name the dimension's column the values are of, e.g. column = country");
    if (!dimension.isEmpty() && !exported.contains(dimension)) {
      entry.problem("dimension", "names '" + dimension + "', which the export does not publish (the policies look members up in it)",
          SectionReader.suggestion(dimension, exported).map(s -> "did you mean '" + s + "'?").orElse("published: " + String.join(", ", exported)));
    }
    plain(entry, "column", column);
    Map<String, List<String>> members = new LinkedHashMap<>();
    entry.subsection("members").ifPresent(section -> {
      for (String role : section.entryNames()) {
        if (SqlIdentifiers.isPlain(role)) {
          members.put(role, section.stringList(role));
        } else {
          section.has(role);
          section.problem(role, "is not a plain role name", SqlIdentifiers.fix());
        }
      }
      section.finish();
    });
    if (members.isEmpty()) {
      entry.problem("members", "is required", "map each role to the values it may see, e.g. members { country_gb = [GB] }");
    }
    Map<String, String> tables = new LinkedHashMap<>();
    entry.subsection("tables").ifPresent(section -> {
      for (String table : section.entryNames()) {
        String by = section.requiredString(table, "name the column of " + table + " that holds the member");
        if (!exported.contains(table)) {
          section.problem(table, "names '" + table + "', which the export does not publish", SectionReader.suggestion(table, exported)
              .map(s -> "did you mean '" + s + "'?").orElse("published: " + String.join(", ", exported)));
        } else if (plain(section, table, by)) {
          tables.put(table, by);
        }
      }
      section.finish();
    });
    if (tables.isEmpty()) {
      entry.problem("tables", "is required", "name the tables to filter and their member column, e.g. tables { fact_sales = store_key,"
          + " dim_store = country }");
    }
    return Optional.of(new MemberAccess(name, dimension, column, members, tables));
  }

  private static boolean plain(SectionReader section, String key, String name) {
    if (name.isEmpty() || SqlIdentifiers.isPlain(name)) {
      return !name.isEmpty();
    }
    section.problem(key, "names the column '" + name + "', which is not a plain identifier", SqlIdentifiers.fix());
    return false;
  }
}
