package io.strata.jobs.process.pii;

import io.strata.layout.StrataException;
import io.strata.layout.config.ColumnSpec;
import java.math.BigDecimal;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;

/** {@code pii = generalize-number}: floor(value / bucket) * bucket, in the column's own numeric type. */
final class NumberGeneralization {
  private NumberGeneralization() {}

  static Column apply(Column value, ColumnSpec column) {
    double bucket = column.pii().bucket();
    if (!(bucket > 0) || Double.isInfinite(bucket)) {
      throw new StrataException("column '" + column.name() + "' has pii bucket = " + bucket + "; use a positive number, e.g. bucket = 10");
    }
    String type = column.type();
    Column generalized;
    if (type.startsWith("decimal") || (isIntegral(type) && bucket == Math.rint(bucket))) {
      // value - pmod(value, bucket) is exact, where dividing through a double would round large values.
      Column size = type.startsWith("decimal")
          ? functions.lit(BigDecimal.valueOf(bucket))
          : functions.lit((long) bucket);
      generalized = value.minus(functions.pmod(value, size));
    } else if (isIntegral(type) || type.equals("float") || type.equals("double")) {
      generalized = functions.floor(value.divide(bucket)).multiply(bucket);
    } else {
      throw new StrataException("column '" + column.name() + "' uses pii = generalize-number but its type is " + type
          + "; use it on a numeric column, or choose another pii method");
    }
    return generalized.cast(type);
  }

  private static boolean isIntegral(String type) {
    return switch (type) {
      case "tinyint", "smallint", "int", "bigint" -> true;
      default -> false;
    };
  }
}
