package io.strata.jobs.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Optional;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
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
  void encodesCsvLinesWithNullsQuotesAndInstants() throws IOException {
    StringWriter out = new StringWriter();
    CsvRowEncoder.write(RowFactory.create(null, "", "a\"b,c\nd\\", new BigDecimal("1E+3"), Timestamp.from(Instant.parse("2026-03-01T10:00:00.000001Z")),
        Date.valueOf("2026-03-01"), true, 2.5, LocalDateTime.parse("2026-03-01T10:00:00"), new byte[] {1, (byte) 0xff}), out);

    assertThat(out.toString()).isEqualTo(",\"\",\"a\"\"b,c\nd\\\",1000,2026-03-01T10:00:00.000001Z,2026-03-01,true,2.5,2026-03-01T10:00,\\x01ff\n");
  }
}
