package io.strata.jobs.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.jobs.testing.TestingPostgres;
import io.strata.jobs.testing.TestingSpark;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** Spark reaches the embedded PostgreSQL over JDBC both ways, types intact. */
class PostgresRoundTripIT {
  private final TestingPostgres postgres = TestingPostgres.shared();
  private final SparkSession spark = TestingSpark.session();

  @Test
  void writesAndReadsATableOverJdbc() throws SQLException {
    String url = postgres.createDatabase("roundtrip");
    Properties properties = new Properties();
    properties.setProperty("user", TestingPostgres.USER);
    properties.setProperty("password", postgres.password());
    properties.setProperty("driver", "org.postgresql.Driver");

    spark.sql("SELECT * FROM VALUES (1L, 'Ada', 12.50BD, DATE'2026-03-01'), (2L, 'Zoë', NULL, DATE'2026-03-02')"
            + " AS t(order_id, customer, amount, order_date)")
        .write().mode(SaveMode.Overwrite).jdbc(url, "public.orders", properties);

    List<Row> rows = spark.read().jdbc(url, "public.orders", properties).orderBy("order_id").collectAsList();
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).getLong(0)).isEqualTo(1L);
    assertThat(rows.get(0).getString(1)).isEqualTo("Ada");
    assertThat(rows.get(0).getDecimal(2)).isEqualByComparingTo(new BigDecimal("12.50"));
    assertThat(rows.get(1).getString(1)).isEqualTo("Zoë");
    assertThat(rows.get(1).isNullAt(2)).isTrue();

    try (Connection connection = postgres.connect("roundtrip");
         Statement statement = connection.createStatement();
         ResultSet result = statement.executeQuery("SELECT count(*), current_setting('server_version_num')::int FROM public.orders")) {
      result.next();
      assertThat(result.getLong(1)).isEqualTo(2);
      assertThat(result.getInt(2)).isGreaterThanOrEqualTo(170000);
    }
  }
}
