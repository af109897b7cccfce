package io.strata.jobs.process;

import static io.strata.jobs.spark.SqlIdentifiers.quoted;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.to_utc_timestamp;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import io.strata.layout.config.ColumnSpec;
import io.strata.layout.config.EntityConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StringType;

/**
 * Turns raw rows into the entity's declared columns: trimmed, null tokens as null, cast to the
 * declared types with their formats. A row whose value does not cast, or that has a null key or
 * a null in a not-null column, keeps its first problem in {@code _column}, {@code _rule} and
 * {@code _reason}, and its original record (PII redacted) in {@code _record}.
 */
final class Standardizer {
  static final String REASON = "_reason";
  static final String COLUMN = "_column";
  static final String RULE = "_rule";
  static final String RECORD = "_record";
  static final String REDACTED = "***";

  private Standardizer() {}

  static Dataset<Row> standardize(Dataset<Row> raw, EntityConfig entity, SchemaDrift drift, List<String> carried) {
    Map<String, DataType> rawTypes = new java.util.HashMap<>();
    for (org.apache.spark.sql.types.StructField field : raw.schema().fields()) {
      rawTypes.put(field.name(), field.dataType());
    }
    List<ColumnSpec> columns = new ArrayList<>(entity.columns());
    columns.addAll(drift.evolved());
    // Pass 1 keeps each column's input beside its typed value (under internal names, since a
    // processed name may equal a raw one); pass 2 judges them and keeps the typed values.
    List<Column> firstPass = new ArrayList<>();
    List<Column> selected = new ArrayList<>();
    List<Column> reasons = new ArrayList<>();
    List<Column> failedColumns = new ArrayList<>();
    List<Column> rules = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      ColumnSpec column = columns.get(i);
      String rawName = drift.rawByProcessed().get(column.name());
      Column typed;
      Column input;
      if (rawName == null) {
        input = lit(null).cast(DataTypes.StringType);
        typed = lit(null).cast(column.type());
      } else {
        boolean text = rawTypes.get(rawName) instanceof StringType;
        input = text ? nullTokens(trim(col(quoted(rawName))), entity.nullTokens()) : col(quoted(rawName));
        typed = cast(input, text, column, entity.timeZone());
      }
      String in = "__in_" + i;
      String out = "__out_" + i;
      firstPass.add(input.as(in));
      firstPass.add(typed.as(out));
      selected.add(col(out).as(column.name()));
      Column badValue = col(in).isNotNull().and(col(out).isNull());
      Column typeReason = column.pii().masks()
          ? lit("a masked value is not a valid " + describe(column))
          : concat(lit("value '"), col(in).cast(DataTypes.StringType), lit("' is not a valid " + describe(column)));
      reasons.add(when(badValue, typeReason));
      failedColumns.add(when(badValue, lit(column.name())));
      rules.add(when(badValue, lit("type")));
      boolean key = entity.key().contains(column.name());
      if (key || !column.nullable()) {
        Column nullViolation = col(out).isNull().and(col(in).isNull());
        reasons.add(when(nullViolation, lit(key ? "the key column is null" : "a not-null column is null")));
        failedColumns.add(when(nullViolation, lit(column.name())));
        rules.add(when(nullViolation, lit(key ? "key" : "not-null")));
      }
    }
    carried.forEach(name -> firstPass.add(col(quoted(name))));
    // The raw values ride along to pass 2, which writes the record only for a rejected row: a JSON
    // text per valid row would be sorted, cached and dropped unread.
    List<Column> recordFields = new ArrayList<>();
    int field = 0;
    for (Map.Entry<String, String> mapped : drift.rawByProcessed().entrySet()) {
      String rawValue = "__raw_" + field++;
      firstPass.add(col(quoted(mapped.getValue())).as(rawValue));
      boolean pii = entity.column(mapped.getKey()).map(column -> column.pii().masks()).orElse(false);
      Column value = col(rawValue);
      recordFields.add((pii ? when(value.isNotNull(), lit(REDACTED)) : value).as(mapped.getValue()));
    }
    Column reason = coalesce(reasons.toArray(Column[]::new));
    carried.forEach(name -> selected.add(col(quoted(name))));
    selected.add(when(reason.isNotNull(), originalRecord(recordFields)).as(RECORD));
    selected.add(reason.as(REASON));
    selected.add(coalesce(failedColumns.toArray(Column[]::new)).as(COLUMN));
    selected.add(coalesce(rules.toArray(Column[]::new)).as(RULE));
    return raw.select(firstPass.toArray(Column[]::new)).select(selected.toArray(Column[]::new));
  }

  /** The raw record as JSON (its fields already PII-redacted), for the quarantine. */
  private static Column originalRecord(List<Column> fields) {
    return fields.isEmpty() ? lit("{}") : to_json(struct(fields.toArray(Column[]::new)), java.util.Map.of("ignoreNullFields", "false"));
  }

  private static Column nullTokens(Column value, List<String> tokens) {
    return tokens.isEmpty() ? value : when(value.isin(tokens.toArray()), lit(null).cast(DataTypes.StringType)).otherwise(value);
  }

  private static Column cast(Column input, boolean text, ColumnSpec column, String timeZone) {
    String type = column.type();
    if (!text) {
      return type.equals("string") ? input.cast(DataTypes.StringType) : tryCast(input, type);
    }
    return switch (type) {
      case "string" -> input;
      case "boolean" -> when(lower(input).isin("true", "t", "yes", "y", "1"), lit(true))
          .when(lower(input).isin("false", "f", "no", "n", "0"), lit(false));
      case "date" -> column.format().isPresent() ? TimestampPatterns.date(input, column.format().get()) : tryCast(input, "date");
      case "timestamp" -> {
        Column parsed = column.format().isPresent() ? TimestampPatterns.timestamp(input, column.format().get()) : tryCast(input, "timestamp");
        yield timeZone.equals("UTC") ? parsed : to_utc_timestamp(parsed, timeZone);
      }
      default -> tryCast(input, type);
    };
  }

  private static Column tryCast(Column input, String type) {
    return input.try_cast(type);
  }

  private static String describe(ColumnSpec column) {
    return column.type() + column.format().map(format -> " in format " + format).orElse("");
  }
}
