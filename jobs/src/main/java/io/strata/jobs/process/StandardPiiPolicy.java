package io.strata.jobs.process;

import static java.util.Objects.requireNonNull;

import io.strata.jobs.process.pii.PiiDetector;
import io.strata.jobs.process.pii.PiiFinding;
import io.strata.jobs.process.pii.PiiMasker;
import io.strata.layout.config.ColumnSpec;
import io.strata.layout.config.EntityConfig;
import io.strata.layout.config.PipelineConfig;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The pipeline's PII handling: keyed masking with {@code pii.key}, detection with {@code pii}'s sampling settings. */
public final class StandardPiiPolicy implements PiiPolicy {
  private final PiiMasker masker;
  private final PiiDetector detector;

  private StandardPiiPolicy(PiiMasker masker, PiiDetector detector) {
    this.masker = requireNonNull(masker, "masker is null");
    this.detector = requireNonNull(detector, "detector is null");
  }

  public static StandardPiiPolicy of(PipelineConfig config) {
    return new StandardPiiPolicy(new PiiMasker(config.pii().key(), config.pii().keyId()), new PiiDetector(config.pii()));
  }

  @Override
  public Column mask(Column value, ColumnSpec column) {
    return masker.apply(value, column);
  }

  @Override
  public List<PiiFinding> undeclaredPii(Dataset<Row> typed, EntityConfig entity) {
    return detector.unmaskedPii(typed, entity);
  }

  @Override
  public String keyId() {
    return masker.keyId();
  }
}
