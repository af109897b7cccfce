package io.strata.jobs.process;

import static io.strata.jobs.spark.SqlIdentifiers.quoted;
import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;

import io.strata.jobs.ingest.state.SourceStateStore;
import io.strata.jobs.process.pii.PiiFinding;
import io.strata.jobs.stage.StageContext;
import io.strata.layout.StrataException;
import io.strata.layout.config.ColumnSpec;
import io.strata.layout.config.ConfigProblem;
import io.strata.layout.config.EntityConfig;
import io.strata.layout.config.PiiRule;
import io.strata.layout.config.SourceConfig;
import io.strata.layout.config.StrataConfigException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before the process stage writes anything: samples the new raw batches of every entity of the
 * run for columns that look like personal data but have no {@code pii} rule, and fails the stage
 * with the config key of each such column, all entities at once. Whether a column is masked is a
 * config decision, so no entity is processed until it is made. The sample is the detector's
 * ({@code pii.sample-size} rows), so the check costs a read of the batches' schema and a few rows.
 */
final class UndeclaredPiiCheck {
  private static final Logger LOG = LoggerFactory.getLogger(UndeclaredPiiCheck.class);
  private static final String MASKING_METHODS = String.join(", ",
      PiiRule.METHODS.stream().filter(method -> !method.equals("none")).toList());

  private final StageContext context;
  private final SourceStateStore ledgers;
  private final PiiPolicy pii;
  private final RawBatchFrames frames;

  UndeclaredPiiCheck(StageContext context, SourceStateStore ledgers, PiiPolicy pii, RawBatchFrames frames) {
    this.context = requireNonNull(context, "context is null");
    this.ledgers = requireNonNull(ledgers, "ledgers is null");
    this.pii = requireNonNull(pii, "pii is null");
    this.frames = requireNonNull(frames, "frames is null");
  }

  /** Throws {@link StrataConfigException} naming {@code entities.<e>.columns.<c>.pii} of every column found. */
  void verify(Collection<EntityConfig> entities) {
    List<ConfigProblem> problems = new ArrayList<>();
    for (EntityConfig entity : entities) {
      for (PiiFinding finding : undeclared(entity)) {
        LOG.warn("run {}: entity {}: column {} looks like personal data ({}) but has no pii rule", context.runId(), entity.name(),
            finding.column(), finding.evidence());
        problems.add(problem(entity, finding));
      }
    }
    if (!problems.isEmpty()) {
      throw new StrataConfigException(problems);
    }
  }

  /**
   * The undeclared PII in a sample of the entity's valid new rows. An entity whose batches cannot
   * be listed or typed (drift a policy refuses) is left to its own processing, which reports why.
   */
  private List<PiiFinding> undeclared(EntityConfig entity) {
    try {
      return sampled(entity);
    } catch (StrataException e) {
      LOG.info("run {}: entity {} not checked for PII before processing: {}", context.runId(), entity.name(), e.getMessage());
      return List.of();
    }
  }

  private List<PiiFinding> sampled(EntityConfig entity) {
    SourceConfig source = context.config().sources().get(entity.source());
    var rawEntity = context.layout().rawEntity(source.name(), source.entity());
    List<RawBatch> batches = RawBatches.unprocessed(rawEntity, context.runDate(), ledgers.latest(entity.name()),
        context.spark().sparkContext().hadoopConfiguration());
    if (batches.isEmpty()) {
      return List.of();
    }
    if (frames.isEmpty(rawEntity.uri(), batches)) {
      return List.of();
    }
    Dataset<Row> raw = frames.of(rawEntity.uri(), batches);
    SchemaDrift drift = SchemaDrift.between(raw.schema(), entity);
    Column[] business = Stream.concat(entity.columns().stream(), drift.evolved().stream()).map(ColumnSpec::name)
        .map(name -> col(quoted(name))).toArray(Column[]::new);
    Dataset<Row> valid = Standardizer.standardize(raw, entity, drift, List.of()).filter(col(Standardizer.REASON).isNull()).select(business);
    return pii.undeclaredPii(valid, entity);
  }

  private static ConfigProblem problem(EntityConfig entity, PiiFinding finding) {
    String key = "entities." + entity.name() + ".columns." + finding.column() + ".pii";
    if (entity.column(finding.column()).isEmpty()) {
      return new ConfigProblem("", key, "the new column '" + finding.column() + "' looks like personal data (" + finding.evidence()
          + ") and is not declared", "declare it under entities." + entity.name() + ".columns with its type and pii = "
          + MASKING_METHODS + ", or pii = none where it is not personal data");
    }
    return new ConfigProblem("", key, "is not set, but the column looks like personal data (" + finding.evidence() + ")",
        "set it to " + MASKING_METHODS + ", or to none where the column is not personal data");
  }
}
