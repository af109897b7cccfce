package io.strata.jobs.process;

import io.strata.jobs.process.pii.PiiFinding;
import io.strata.layout.config.ColumnSpec;
import io.strata.layout.config.EntityConfig;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** What the process stage needs of PII handling: masking per column rule, and finding PII nobody declared. */
public interface PiiPolicy {
  /** The masked value of a typed column, or the value itself when its rule does not mask. */
  Column mask(Column value, ColumnSpec column);

  /** The columns that look like PII but have no rule, with the evidence; empty when all is declared. */
  List<PiiFinding> undeclaredPii(Dataset<Row> typed, EntityConfig entity);

  /** The id of the key keyed masking used, stored beside the output so keys can rotate. */
  String keyId();
}
