package io.strata.layout.config;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * What a team writes about a table for its data dictionary: the optional {@code description}
 * and {@code owner} keys of an entity, a dimension or a fact.
 */
public record TableDocs(Optional<String> description, Optional<String> owner) {
  public TableDocs {
    requireNonNull(description, "description is null");
    requireNonNull(owner, "owner is null");
  }

  public static TableDocs none() {
    return new TableDocs(Optional.empty(), Optional.empty());
  }

  static TableDocs read(SectionReader table) {
    return new TableDocs(table.optionalString("description"), table.optionalString("owner"));
  }
}
