package io.strata.jobs.process;

import static io.strata.jobs.spark.SqlIdentifiers.quoted;
import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The hash a processed row carries ({@code _row_hash}), which tells a changed row from an unchanged
 * one when a key arrives again. Tables are created with {@link #XXHASH64}: 8 bytes a row, computed
 * from the typed values. {@link #SHA256_HEX} is what tables written before it carry (a 64-character
 * string a row, most of a large table's bytes, and the JSON it hashes is most of the work of writing
 * it); such a table keeps it, because a stored hash is only ever compared with one of its own kind.
 */
enum RowHash {
  /** xxHash64 of each business value followed by whether it is null, so a value moved between columns or to null still differs. */
  XXHASH64(DataTypes.LongType) {
    @Override
    Column of(List<String> columns) {
      List<Column> parts = new ArrayList<>();
      for (String name : columns) {
        // Spark's hash skips a null; the flag after each value keeps every value in its place.
        parts.add(col(quoted(name)));
        parts.add(col(quoted(name)).isNull());
      }
      return functions.xxhash64(parts.toArray(Column[]::new));
    }
  },
  /** SHA-256 of the business values as JSON with nulls written out, as hex: tables written before {@link #XXHASH64}. */
  SHA256_HEX(DataTypes.StringType) {
    @Override
    Column of(List<String> columns) {
      return functions.sha2(functions.to_json(functions.struct(columns.stream().map(name -> col(quoted(name))).toArray(Column[]::new)),
          Map.of("ignoreNullFields", "false")), 256);
    }
  };

  static final String COLUMN = "_row_hash";

  private final DataType type;

  RowHash(DataType type) {
    this.type = type;
  }

  /** The hash of {@code columns} (business column names). */
  abstract Column of(List<String> columns);

  /** The kind a processed table with this schema compares with: its stored column's, {@link #XXHASH64} for a table without one. */
  static RowHash of(StructType stored) {
    for (StructField field : stored.fields()) {
      if (field.name().equals(COLUMN)) {
        for (RowHash kind : values()) {
          if (kind.type.equals(field.dataType())) {
            return kind;
          }
        }
        throw new io.strata.layout.StrataException("the processed table's column " + COLUMN + " has type "
            + field.dataType().simpleString() + ", which no row hash of Strata writes (was the table edited by hand?). "
            + "Fix: rebuild the processed table (remove it and its entity's ledger, then run process again)");
      }
    }
    return XXHASH64;
  }
}
