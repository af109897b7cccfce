package io.strata.jobs.export;

import io.strata.jobs.testing.TestingSpark;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The known curated rows the export tests load: every exported type and the awkward values (nulls, quotes, newlines, backslashes). */
final class ExportTables {
  static final StructType CUSTOMER = new StructType()
      .add("dim_customer_key", DataTypes.LongType, false)
      .add("customer_id", DataTypes.LongType)
      .add("name", DataTypes.StringType)
      .add("balance", DataTypes.createDecimalType(12, 2))
      .add("score", DataTypes.DoubleType)
      .add("updated_at", DataTypes.TimestampType)
      .add("is_current", DataTypes.BooleanType);
  static final StructType SALE = new StructType()
      .add("customer_key", DataTypes.LongType)
      .add("order_date_key", DataTypes.IntegerType)
      .add("order_id", DataTypes.LongType)
      .add("amount", DataTypes.createDecimalType(12, 2))
      .add("order_ts", DataTypes.TimestampType)
      .add("note", DataTypes.StringType)
      .add("partition_date", DataTypes.DateType);

  private ExportTables() {}

  static Row customer(long key, Long id, String name, String balance, Double score, String updatedAt, Boolean current) {
    return RowFactory.create(key, id, name, balance == null ? null : new BigDecimal(balance), score,
        updatedAt == null ? null : Timestamp.from(Instant.parse(updatedAt)), current);
  }

  static Row sale(long customerKey, long orderId, String amount, String orderTs, String note) {
    Instant ts = Instant.parse(orderTs);
    String day = orderTs.substring(0, 10);
    return RowFactory.create(customerKey, Integer.parseInt(day.replace("-", "")), orderId, new BigDecimal(amount), Timestamp.from(ts), note,
        Date.valueOf(day));
  }

  static Dataset<Row> customers(Row... rows) {
    return TestingSpark.session().createDataFrame(List.of(rows), CUSTOMER);
  }

  static Dataset<Row> sales(Row... rows) {
    return TestingSpark.session().createDataFrame(List.of(rows), SALE);
  }

  /** The awkward customers: the unknown member, quotes, commas, newlines, backslashes, the COPY end marker, empty text, unicode. */
  static Dataset<Row> knownCustomers() {
    return customers(
        customer(-1, null, null, null, null, null, null),
        customer(1, 101L, "Ann \"the\" O'Neil, Jr.", "1234567890.12", 0.1, "2026-03-01T10:15:30.123456Z", true),
        customer(2, 102L, "line1\nline2\r\\back\\slash\t", "-0.01", Double.NaN, "1999-12-31T23:59:59.999999Z", false),
        customer(3, 103L, "", "0.00", -1.5e300, "2026-03-01T00:00:00Z", true),
        customer(4, 104L, "\\.", "10.50", null, null, true),
        customer(5, 105L, "Zoë 東京 \u00a0NULL", "99.99", 3.0, "2026-03-02T12:00:00Z", true));
  }
}
