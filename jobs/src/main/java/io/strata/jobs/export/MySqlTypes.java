package io.strata.jobs.export;

import java.util.Optional;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.CharType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;
import org.apache.spark.sql.types.VarcharType;

/**
 * The MySQL/MariaDB column type for a Spark type. Text is {@code LONGTEXT}, so no value the lake
 * holds is refused, except in keys and indexes, which MySQL cannot build on it: there it is
 * {@code VARCHAR(255)} (a longer value fails the load and names the column). Instants are
 * {@code DATETIME(6)} holding UTC ({@code TIMESTAMP} ends in 2038), booleans {@code BOOLEAN}
 * ({@code TINYINT(1)}), decimals keep precision and scale.
 */
final class MySqlTypes {
  /** Characters of a text column in a key or an index; 255 four-byte characters fit InnoDB's 3072-byte index limit. */
  static final int KEYED_TEXT_LENGTH = 255;

  private MySqlTypes() {}

  static Optional<String> of(DataType type, boolean keyed) {
    if (type instanceof StringType || type instanceof VarcharType || type instanceof CharType) {
      return Optional.of(keyed ? "VARCHAR(" + KEYED_TEXT_LENGTH + ")" : "LONGTEXT");
    } else if (type instanceof DecimalType decimal) {
      return Optional.of("DECIMAL(" + decimal.precision() + "," + decimal.scale() + ")");
    } else if (type instanceof LongType) {
      return Optional.of("BIGINT");
    } else if (type instanceof IntegerType) {
      return Optional.of("INT");
    } else if (type instanceof ShortType) {
      return Optional.of("SMALLINT");
    } else if (type instanceof ByteType) {
      return Optional.of("TINYINT");
    } else if (type instanceof DoubleType) {
      return Optional.of("DOUBLE");
    } else if (type instanceof FloatType) {
      return Optional.of("FLOAT");
    } else if (type instanceof BooleanType) {
      return Optional.of("BOOLEAN");
    } else if (type instanceof DateType) {
      return Optional.of("DATE");
    } else if (type instanceof TimestampType || type instanceof TimestampNTZType) {
      return Optional.of("DATETIME(6)");
    } else if (type instanceof BinaryType) {
      return Optional.of(keyed ? "VARBINARY(" + KEYED_TEXT_LENGTH + ")" : "LONGBLOB");
    }
    return Optional.empty();
  }
}
