package io.strata.jobs.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;

/** The text the export sends to PostgreSQL: quoted names, mapped types and COPY CSV lines. */
class ExportSqlTextTest {
  @Test
  void quotesPlainNamesAndRefusesAnythingElse() {
    assertThat(PgNames.qualified("analytics", "dim_customer")).isEqualTo("\"analytics\".\"dim_customer\"");
    assertThat(PgNames.staging("fact_sales")).isEqualTo("fact_sales__staging");
    assertThatThrownBy(() -> PgNames.quote("x\"; DROP TABLE y; --")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a plain identifier: 'x\"; DROP TABLE y; --'");
    assertThatThrownBy(() -> PgNames.quote("Upper")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void keepsLongNamesWithinPostgresLimitAndDistinct() {
    String table = "t".repeat(60);
    assertThat(PgNames.staging(table)).hasSize(63).endsWith("__staging").isNotEqualTo(PgNames.staging("t".repeat(59) + "u"));
    assertThat(PgNames.index(table, java.util.List.of("a".repeat(40), "b"))).hasSize(63);
    assertThat(PgNames.primaryKey("dim_customer")).isEqualTo("dim_customer_pkey");
  }

  @Test
  void mapsSparkTypesToPostgresTypes() {
    assertThat(PgTypes.of(DataTypes.createDecimalType(38, 10))).hasValue("numeric(38,10)");
    assertThat(PgTypes.of(DataTypes.TimestampType)).hasValue("timestamptz");
    assertThat(PgTypes.of(DataTypes.TimestampNTZType)).hasValue("timestamp");
    assertThat(PgTypes.of(DataTypes.LongType)).hasValue("bigint");
    assertThat(PgTypes.of(DataTypes.IntegerType)).hasValue("integer");
    assertThat(PgTypes.of(DataTypes.StringType)).hasValue("text");
    assertThat(PgTypes.of(DataTypes.createArrayType(DataTypes.StringType))).isEqualTo(Optional.empty());
  }

  @Test
  void mapsSparkTypesToMySqlTypesWithBoundedTextInKeys() {
    assertThat(MySqlTypes.of(DataTypes.StringType, false)).hasValue("LONGTEXT");
    assertThat(MySqlTypes.of(DataTypes.StringType, true)).hasValue("VARCHAR(255)");
    assertThat(MySqlTypes.of(DataTypes.createDecimalType(38, 10), false)).hasValue("DECIMAL(38,10)");
    assertThat(MySqlTypes.of(DataTypes.TimestampType, false)).hasValue("DATETIME(6)");
    assertThat(MySqlTypes.of(DataTypes.BooleanType, false)).hasValue("BOOLEAN");
    assertThat(MySqlTypes.of(DataTypes.createArrayType(DataTypes.StringType), false)).isEqualTo(Optional.empty());
  }

  @Test
  void writesEachDialectsCreateTableUpsertAndNullSafeComparison() {
    java.util.List<String> columns = java.util.List.of("\"id\" BIGINT NOT NULL", "\"name\" LONGTEXT");
    assertThat(WarehouseDialect.MYSQL.createTable("\"s\".\"t\"", columns, Optional.of("id"), true, false)).isEqualTo(
        "CREATE TABLE \"s\".\"t\" (\"id\" BIGINT NOT NULL, \"name\" LONGTEXT, PRIMARY KEY (\"id\")) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");
    assertThat(WarehouseDialect.POSTGRESQL.createTable("\"s\".\"t\"", java.util.List.of("\"id\" bigint"), Optional.empty(), true, true))
        .isEqualTo("CREATE UNLOGGED TABLE IF NOT EXISTS \"s\".\"t\" (\"id\" bigint)");
    assertThat(WarehouseDialect.MYSQL.upsertClause("id", java.util.List.of("name", "city")))
        .isEqualTo(" ON DUPLICATE KEY UPDATE \"name\" = VALUES(\"name\"), \"city\" = VALUES(\"city\")");
    assertThat(WarehouseDialect.POSTGRESQL.upsertClause("id", java.util.List.of("name")))
        .isEqualTo(" ON CONFLICT (\"id\") DO UPDATE SET \"name\" = EXCLUDED.\"name\"");
    assertThat(WarehouseDialect.MYSQL.nullSafeEquals("t.a", "s.a")).isEqualTo("t.a <=> s.a");
    assertThat(WarehouseDialect.of("jdbc:mariadb://h/db")).isEqualTo(WarehouseDialect.MYSQL);
    assertThat(WarehouseDialect.of("jdbc:postgresql://h/db")).isEqualTo(WarehouseDialect.POSTGRESQL);
    assertThat(WarehouseEndpoint.mariaDbSslMode("prefer")).isEqualTo("disable");
    assertThat(WarehouseEndpoint.mariaDbSslMode("require")).isEqualTo("trust");
    assertThat(WarehouseEndpoint.mariaDbSslMode("verify-full")).isEqualTo("verify-full");
  }

  @Test
  void encodesCsvLinesWithNullsQuotesAndInstants() throws IOException {
    StructType schema = new StructType().add("n", DataTypes.StringType).add("empty", DataTypes.StringType)
        .add("text", DataTypes.StringType).add("amount", DataTypes.createDecimalType(12, 2))
        .add("big", DataTypes.createDecimalType(38, 10)).add("at", DataTypes.TimestampType).add("day", DataTypes.DateType)
        .add("flag", DataTypes.BooleanType).add("score", DataTypes.DoubleType).add("local", DataTypes.TimestampNTZType)
        .add("raw", DataTypes.BinaryType).add("id", DataTypes.LongType).add("small", DataTypes.ShortType);
    InternalRow row = new GenericInternalRow(new Object[] {null, UTF8String.fromString(""), UTF8String.fromString("a\"b,c\nd\\ é"),
        Decimal.apply(new BigDecimal("-0.05"), 12, 2), Decimal.apply(new BigDecimal("12345678901234567890.0000000001"), 38, 10),
        micros("2026-03-01T10:00:00.000001Z"), (int) LocalDate.parse("2026-03-01").toEpochDay(), true, 2.5,
        micros("2026-03-01T10:00:00Z"), new byte[] {1, (byte) 0xff}, Long.MIN_VALUE, (short) -7});

    assertThat(encode(schema, row)).isEqualTo(",\"\",\"a\"\"b,c\nd\\ é\",-0.05,12345678901234567890.0000000001,"
        + "2026-03-01 10:00:00.000001+00,2026-03-01,t,2.5,2026-03-01 10:00:00,\\x01ff,-9223372036854775808,-7\n");
  }

  @Test
  void encodesEdgesOfDatesAndDecimals() throws IOException {
    StructType schema = new StructType().add("at", DataTypes.TimestampType).add("day", DataTypes.DateType)
        .add("whole", DataTypes.createDecimalType(18, 0)).add("fraction", DataTypes.createDecimalType(18, 4));
    InternalRow beforeEpoch = new GenericInternalRow(new Object[] {micros("1969-12-31T23:59:59.999999Z"),
        (int) LocalDate.of(-43, 3, 15).toEpochDay(), Decimal.apply(new BigDecimal("-999999999999999999"), 18, 0),
        Decimal.apply(new BigDecimal("1.0005"), 18, 4)});

    assertThat(encode(schema, beforeEpoch))
        .isEqualTo("1969-12-31 23:59:59.999999+00,0044-03-15 BC,-999999999999999999,1.0005\n");
  }

  @Test
  void quotesTextLongerThanTheBufferAndFlushesInOrder() throws IOException {
    String text = "x\"".repeat(100);
    StructType schema = new StructType().add("text", DataTypes.StringType).add("id", DataTypes.IntegerType);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CopyBuffer out = new CopyBuffer(bytes, 64);
    RowTextEncoder encoder = new RowTextEncoder(schema);
    for (int i = 0; i < 3; i++) {
      encoder.write(new GenericInternalRow(new Object[] {UTF8String.fromString(text), i}), out);
    }
    out.flush();

    String line = "\"" + "x\"\"".repeat(100) + "\",";
    assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(line + "0\n" + line + "1\n" + line + "2\n");
  }

  @Test
  void writesMySqlLoadDataTextWithEscapesNullsAndUtcTimes() throws IOException {
    StructType schema = new StructType().add("text", DataTypes.StringType).add("flag", DataTypes.BooleanType)
        .add("at", DataTypes.TimestampType).add("day", DataTypes.DateType).add("bytes", DataTypes.BinaryType)
        .add("amount", DataTypes.createDecimalType(12, 2)).add("none", DataTypes.StringType);
    InternalRow row = new GenericInternalRow(new Object[] {UTF8String.fromString("tab\tnew\nline\r\\N \u0000 Zoë"), true,
        micros("2026-03-01T10:15:30.000001Z"), (int) java.time.LocalDate.parse("2026-03-02").toEpochDay(), new byte[] {0, (byte) 0xab},
        org.apache.spark.sql.types.Decimal.apply(new java.math.BigDecimal("-12.30")), null});

    assertThat(encode(schema, row, RowTextEncoder.Format.MYSQL_TEXT)).isEqualTo(
        "tab\\tnew\\nline\\r\\\\N \\0 Zoë\t1\t2026-03-01 10:15:30.000001\t2026-03-02\t00ab\t-12.30\t\\N\n");
  }

  @Test
  void refusesDatesMySqlCannotHoldRatherThanShiftingThem() {
    StructType schema = new StructType().add("day", DataTypes.DateType);
    InternalRow row = new GenericInternalRow(new Object[] {(int) java.time.LocalDate.of(-43, 3, 15).toEpochDay()});

    assertThatThrownBy(() -> encode(schema, row, RowTextEncoder.Format.MYSQL_TEXT)).hasMessage("export: column day holds -0043-03-15,"
        + " before year 1, which MySQL cannot store. Fix: clean the value in the model, or export to PostgreSQL");
  }

  @Test
  void refusesTypesTheWarehouseDoesNotCarry() {
    StructType schema = new StructType().add("tags", DataTypes.createArrayType(DataTypes.StringType));
    assertThatThrownBy(() -> new RowTextEncoder(schema)).hasMessage("column tags: the export cannot write array<string>");
  }

  private static String encode(StructType schema, InternalRow row) throws IOException {
    return encode(schema, row, RowTextEncoder.Format.POSTGRESQL_CSV);
  }

  private static String encode(StructType schema, InternalRow row, RowTextEncoder.Format format) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CopyBuffer out = new CopyBuffer(bytes, CopyBuffer.DEFAULT_BYTES);
    new RowTextEncoder(schema, format).write(row, out);
    out.flush();
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static long micros(String instant) {
    Instant at = Instant.parse(instant);
    return at.getEpochSecond() * 1_000_000L + at.getNano() / 1_000;
  }
}
