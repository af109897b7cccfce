package io.strata.jobs.catalog;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One table of the data dictionary: its catalog name ({@code processed.customers},
 * {@code curated.dim_customer}), where it lives, what the team wrote about it, its columns, and
 * its rows and last change when it has been written.
 */
public record CatalogTable(String layer, String name, String location, Optional<String> description, Optional<String> owner,
    List<Column> columns, Optional<Long> rows, Optional<Instant> lastUpdate) {
  public CatalogTable {
    requireNonNull(layer, "layer is null");
    requireNonNull(name, "name is null");
    requireNonNull(location, "location is null");
    requireNonNull(description, "description is null");
    requireNonNull(owner, "owner is null");
    columns = List.copyOf(requireNonNull(columns, "columns is null"));
    requireNonNull(rows, "rows is null");
    requireNonNull(lastUpdate, "lastUpdate is null");
  }

  /**
   * A column, its type, how it is masked when it holds personal data ({@code hmac}, {@code mask},
   * ...), and what the config says it holds.
   */
  public record Column(String name, String type, Optional<String> pii, Optional<String> description) {
    public Column {
      requireNonNull(name, "name is null");
      requireNonNull(type, "type is null");
      requireNonNull(pii, "pii is null");
      requireNonNull(description, "description is null");
    }

    private static final String MASKED = "PII, masked: ";
    private static final java.util.regex.Pattern MASKED_AFTER_DESCRIPTION = java.util.regex.Pattern.compile("(?s).* \\(PII, masked: [^)]*\\)");

    /** The comment a metastore shows for it, e.g. {@code "Contact address (PII, masked: hash)"}. */
    public Optional<String> comment() {
      Optional<String> masking = pii.map(method -> MASKED + method);
      return description.map(text -> masking.map(m -> text + " (" + m + ")").orElse(text)).or(() -> masking);
    }

    /** Whether {@code comment} is one {@link #comment()} makes for a masked column, alone or after a description. */
    public static boolean isMaskingComment(String comment) {
      return comment.startsWith(MASKED) || MASKED_AFTER_DESCRIPTION.matcher(comment).matches();
    }
  }

  /** {@code processed.customers} (with the catalog's database prefix) as database and table. */
  public String database() {
    return name.substring(0, name.indexOf('.'));
  }

  public String table() {
    return name.substring(name.indexOf('.') + 1);
  }
}
