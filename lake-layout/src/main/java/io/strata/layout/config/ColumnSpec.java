package io.strata.layout.config;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One column of a processed entity: its name in the processed table, its type, how to parse it,
 * whether it may be null, and its PII rule.
 *
 * @param type a Spark SQL type: string, boolean, tinyint, smallint, int, bigint, float, double,
 *     decimal(p,s), date, timestamp
 * @param format the pattern for parsing dates and timestamps from text (Spark datetime patterns)
 * @param description what the column holds, for the catalog's column comment
 */
public record ColumnSpec(String name, String type, boolean nullable, Optional<String> format, PiiRule pii, Optional<String> description) {
  private static final Pattern TYPE = Pattern.compile(
      "string|boolean|tinyint|smallint|int|integer|bigint|long|float|double|date|timestamp|decimal\\(\\s*\\d{1,2}\\s*,\\s*\\d{1,2}\\s*\\)");

  public ColumnSpec {
    requireNonNull(name, "name is null");
    requireNonNull(type, "type is null");
    requireNonNull(format, "format is null");
    requireNonNull(pii, "pii is null");
    requireNonNull(description, "description is null");
  }

  public ColumnSpec(String name, String type, boolean nullable, Optional<String> format, PiiRule pii) {
    this(name, type, nullable, format, pii, Optional.empty());
  }

  static ColumnSpec parse(String name, SectionReader column) {
    String type = type(column, "type");
    return new ColumnSpec(name, type, column.bool("nullable", true), column.optionalString("format"), PiiRule.parse(column),
        column.optionalString("description"));
  }

  /** A column given only as {@code name = type} in {@code columns}. */
  static ColumnSpec ofType(String name, SectionReader columns) {
    return new ColumnSpec(name, type(columns, name), true, Optional.empty(), PiiRule.of(PiiRule.UNSET));
  }

  private static String type(SectionReader reader, String key) {
    String type = reader.string(key, "string").toLowerCase(java.util.Locale.ROOT).replace(" ", "");
    if (!TYPE.matcher(type).matches()) {
      reader.problem(key, "is '" + type + "', not a supported type", "use string, boolean, int, bigint, double, decimal(p,s), date or timestamp");
      return "string";
    }
    return switch (type) {
      case "integer" -> "int";
      case "long" -> "bigint";
      default -> type;
    };
  }
}
