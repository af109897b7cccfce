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

/** The PostgreSQL column type for a Spark type: decimals keep precision and scale, instants stay instants. */
final class PgTypes {
  private PgTypes() {}

  /** Empty for types the export does not carry (arrays, maps, structs, intervals). */
  static Optional<String> of(DataType type) {
    if (type instanceof StringType || type instanceof VarcharType || type instanceof CharType) {
      return Optional.of("text");
    } else if (type instanceof DecimalType decimal) {
      return Optional.of("numeric(" + decimal.precision() + "," + decimal.scale() + ")");
    } else if (type instanceof LongType) {
      return Optional.of("bigint");
    } else if (type instanceof IntegerType) {
      return Optional.of("integer");
    } else if (type instanceof ShortType || type instanceof ByteType) {
      return Optional.of("smallint");
    } else if (type instanceof DoubleType) {
      return Optional.of("double precision");
    } else if (type instanceof FloatType) {
      return Optional.of("real");
    } else if (type instanceof BooleanType) {
      return Optional.of("boolean");
    } else if (type instanceof DateType) {
      return Optional.of("date");
    } else if (type instanceof TimestampType) {
      return Optional.of("timestamptz");
    } else if (type instanceof TimestampNTZType) {
      return Optional.of("timestamp");
    } else if (type instanceof BinaryType) {
      return Optional.of("bytea");
    }
    return Optional.empty();
  }
}
