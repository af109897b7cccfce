package io.strata.jobs.process.pii;

import static java.util.Objects.requireNonNull;

import io.strata.layout.config.ColumnSpec;
import io.strata.layout.config.EntityConfig;
import io.strata.layout.config.PiiRule;
import io.strata.layout.config.PiiSettings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * Finds columns that look like PII: by name, and by a sample of the values of text columns
 * (e-mail addresses, phone numbers, US SSNs, Luhn-valid card numbers, IP addresses). One Spark
 * job samples all columns at once.
 */
public final class PiiDetector {
  private final PiiSettings settings;

  public PiiDetector(PiiSettings settings) {
    this.settings = requireNonNull(settings, "settings is null");
  }

  /**
   * Columns that look like PII (by name, or by a sample of values) and whose rule is unset (not
   * masked, not {@code pii = none}). {@code rows} has the processed column names and types.
   */
  public List<PiiFinding> unmaskedPii(Dataset<Row> rows, EntityConfig entity) {
    requireNonNull(entity, "entity is null");
    return findings(rows, column -> ruleOf(entity, column).method().equals(PiiRule.UNSET));
  }

  /** Every column that looks like PII, whatever its rule, for {@code strata pii-scan}. */
  public List<PiiFinding> scan(Dataset<Row> rows, EntityConfig entity) {
    requireNonNull(entity, "entity is null");
    return findings(rows, column -> true);
  }

  // A column the entity does not declare (a drifted new column) has no rule: unset.
  private static PiiRule ruleOf(EntityConfig entity, String column) {
    return entity.column(column).map(ColumnSpec::pii).orElse(PiiRule.of(PiiRule.UNSET));
  }

  private List<PiiFinding> findings(Dataset<Row> rows, Predicate<String> considered) {
    requireNonNull(rows, "rows is null");
    List<StructField> fields = Arrays.stream(rows.schema().fields()).filter(field -> considered.test(field.name())).toList();
    List<String> textColumns = fields.stream()
        .filter(field -> field.dataType().equals(DataTypes.StringType)).map(StructField::name).toList();
    Map<String, ValueSample> samples = sample(rows, textColumns);
    List<PiiFinding> findings = new ArrayList<>();
    for (StructField field : fields) {
      Optional<PiiFinding> byValues = Optional.ofNullable(samples.get(field.name()))
          .flatMap(sample -> sample.finding(settings.threshold()));
      byValues.or(() -> ColumnNameHints.kindOf(field.name()).map(kind -> PiiFinding.byName(field.name(), kind)))
          .ifPresent(findings::add);
    }
    return List.copyOf(findings);
  }

  /** Up to sample-size rows that have a value in at least one of the columns, in one pass. */
  private Map<String, ValueSample> sample(Dataset<Row> rows, List<String> columns) {
    Map<String, ValueSample> samples = new LinkedHashMap<>();
    if (columns.isEmpty()) {
      return samples;
    }
    Column[] selected = columns.stream().map(PiiDetector::quoted).toArray(Column[]::new);
    List<Row> sampled = rows.select(selected)
        .where(functions.coalesce(selected).isNotNull())
        .limit(settings.sampleSize())
        .collectAsList();
    for (int i = 0; i < columns.size(); i++) {
      ValueSample sample = new ValueSample(columns.get(i));
      for (Row row : sampled) {
        sample.add(row.getString(i));
      }
      samples.put(columns.get(i), sample);
    }
    return samples;
  }

  // Backticks, so names with dots or spaces are taken as one column name.
  private static Column quoted(String name) {
    return functions.col("`" + name.replace("`", "``") + "`");
  }
}
