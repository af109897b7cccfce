package io.strata.layout.config;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code warehouse.security} section: who may read what in the warehouse. Strata never holds a
 * role's password: it creates the group roles it is told to (without login) and grants to roles
 * that exist.
 *
 * @param roles group roles to create, without login, when they do not exist
 * @param grants table or view name to the roles that may {@code SELECT} from it
 * @param policies table name to its row policy, those generated from {@code access} included
 * @param access the mapping tables of the mapping-table form of row policies, by name
 */
public record WarehouseSecurity(List<String> roles, Map<String, List<String>> grants, Map<String, RowPolicy> policies,
    Map<String, MemberAccess> access) {
  /**
   * A row policy: the rows of a table a role sees are those where {@code using} holds.
   *
   * @param using a SQL boolean expression over the table's columns (subqueries allowed)
   * @param roles the roles it applies to; empty means every role
   */
  public record RowPolicy(String using, List<String> roles) {
    public RowPolicy {
      requireNonNull(using, "using is null");
      roles = List.copyOf(requireNonNull(roles, "roles is null"));
    }
  }

  public WarehouseSecurity {
    roles = List.copyOf(requireNonNull(roles, "roles is null"));
    Map<String, List<String>> copied = new LinkedHashMap<>();
    requireNonNull(grants, "grants is null").forEach((table, to) -> copied.put(table, List.copyOf(to)));
    grants = Collections.unmodifiableMap(copied);
    policies = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(policies, "policies is null")));
    access = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(access, "access is null")));
  }

  /** Without mapping tables: every policy written as SQL. */
  public WarehouseSecurity(List<String> roles, Map<String, List<String>> grants, Map<String, RowPolicy> policies) {
    this(roles, grants, policies, Map.of());
  }

  /** No section: Strata leaves grants and row security to the warehouse's administrators. */
  public static WarehouseSecurity none() {
    return new WarehouseSecurity(List.of(), Map.of(), Map.of(), Map.of());
  }

  public boolean isEmpty() {
    return roles.isEmpty() && grants.isEmpty() && policies.isEmpty() && access.isEmpty();
  }

  /** Every role the section names: Strata revokes and grants for these roles only, never for others. */
  public Set<String> managedRoles() {
    Set<String> all = new LinkedHashSet<>(roles);
    grants.values().forEach(all::addAll);
    policies.values().forEach(policy -> all.addAll(policy.roles()));
    access.values().forEach(mapping -> all.addAll(mapping.members().keySet()));
    return all;
  }

  static WarehouseSecurity parse(SectionReader section, List<String> tables, ExportConfig export) {
    List<String> roles = identifiers(section, "roles", section.stringList("roles"));
    List<String> views = new ArrayList<>(export.views().keySet());
    Map<String, List<String>> grants = new LinkedHashMap<>();
    section.subsection("grants").ifPresent(grantSection -> {
      for (String name : grantSection.entryNames()) {
        List<String> to = grantSection.stringList(name);
        if (export.materializedViews().containsKey(name)) {
          grantSection.problem(name, "is a materialized view: it holds every row the owner sees, so row policies do not apply to it",
              "make it a view under warehouse.export.views, which the policies of its tables filter");
        } else if (known(grantSection, name, name, tables, views)) {
          grants.put(name, identifiers(grantSection, name, to));
        }
      }
      grantSection.finish();
    });
    Map<String, RowPolicy> policies = new LinkedHashMap<>();
    section.subsection("policies").ifPresent(policySection -> {
      for (String table : policySection.entryNames()) {
        RowPolicy policy = policySection.isSection(table)
            ? policySection.section(table, entry -> policy(entry, "using", entry.requiredString("using", "write using = \"<SQL condition>\""),
                entry.stringList("roles"))).orElseThrow()
            : policy(policySection, table, policySection.requiredString(table, "write " + table + " = \"<SQL condition>\""), List.of());
        if (!tables.contains(table)) {
          known(policySection, table, table, tables, List.of());
        } else if (!policy.using().isBlank()) {
          policies.put(table, policy);
        }
      }
      policySection.finish();
    });
    Map<String, MemberAccess> access = new LinkedHashMap<>();
    section.subsection("access").ifPresent(accessSection -> {
      for (String name : accessSection.entryNames()) {
        accessSection.subsection(name).flatMap(entry -> {
          Optional<MemberAccess> parsed = MemberAccess.parse(name, entry, tables);
          entry.finish();
          return parsed;
        }).ifPresent(mapping -> {
          access.put(name, mapping);
          for (String table : mapping.tables().keySet()) {
            if (policies.containsKey(table)) {
              accessSection.problem(name, "filters " + table + ", which already has a policy (under policies or another access entry)",
                  "give each table one policy: combine the conditions under policies, or list the table in one access entry");
            } else {
              policies.put(table, new RowPolicy(mapping.policy(table), List.of()));
            }
          }
        });
      }
      accessSection.finish();
    });
    return new WarehouseSecurity(roles, grants, policies, access);
  }

  private static RowPolicy policy(SectionReader section, String key, String using, List<String> roles) {
    if (using.contains(";")) {
      section.problem(key, "holds ';': a policy is one SQL condition", "remove the ';'");
      return new RowPolicy("", List.of());
    }
    return new RowPolicy(using.strip(), identifiers(section, "roles", roles));
  }

  private static boolean known(SectionReader section, String key, String name, List<String> tables, List<String> views) {
    if (tables.contains(name) || views.contains(name)) {
      return true;
    }
    List<String> all = new ArrayList<>(tables);
    all.addAll(views);
    section.problem(key, "names '" + name + "', which the export does not publish",
        SectionReader.suggestion(name, all).map(s -> "did you mean '" + s + "'?").orElse("published: " + String.join(", ", all)));
    return false;
  }

  private static List<String> identifiers(SectionReader section, String key, List<String> names) {
    List<String> plain = new ArrayList<>();
    for (String name : names) {
      if (SqlIdentifiers.isPlain(name)) {
        plain.add(name);
      } else {
        section.problem(key, "names the role '" + name + "', which is not a plain identifier", SqlIdentifiers.fix());
      }
    }
    return plain;
  }
}
