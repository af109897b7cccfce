package io.strata.jobs.process;

import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sha2;

import io.strata.jobs.process.pii.PiiFinding;
import io.strata.layout.config.ColumnSpec;
import io.strata.layout.config.EntityConfig;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** A stand-in PII policy for process tests that are not about PII: hashes masked columns, flags unruled 'email' columns. */
final class TestingPiiPolicy implements PiiPolicy {
  @Override
  public Column mask(Column value, ColumnSpec column) {
    return column.pii().masks() ? sha2(concat(lit("test-key:"), value.cast("string")), 256) : value;
  }

  @Override
  public List<PiiFinding> undeclaredPii(Dataset<Row> typed, EntityConfig entity) {
    return entity.columns().stream().filter(column -> column.name().equals("email") && column.pii().method().equals("unset"))
        .map(column -> new PiiFinding(column.name(), "email", "column name 'email' suggests e-mail addresses")).toList();
  }

  @Override
  public String keyId() {
    return "test-key";
  }
}
