package io.strata.layout.config;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One measure of an aggregate: {@code revenue = "sum(amount)"}. An average is kept as its sum and
 * its count ({@code <name>_sum}, {@code <name>_count}) beside the average itself, so that a coarser
 * grain re-aggregates it correctly.
 *
 * @param column what the function reads; empty for {@code count(*)}
 */
public record AggregateMeasure(String name, Function function, Optional<AggregateColumn> column) {
  public enum Function {
    SUM("sum"), COUNT("count"), COUNT_DISTINCT("count-distinct"), MIN("min"), MAX("max"), AVG("avg");

    private final String configName;

    Function(String configName) {
      this.configName = configName;
    }

    public String configName() {
      return configName;
    }

    static Optional<Function> of(String name) {
      for (Function function : values()) {
        if (function.configName.equals(name.toLowerCase(Locale.ROOT))) {
          return Optional.of(function);
        }
      }
      return Optional.empty();
    }

    static List<String> names() {
      return java.util.Arrays.stream(values()).map(Function::configName).toList();
    }

    /** Whether the aggregate's totals of this measure add up to the fact's (sum and count do; min or count-distinct do not). */
    public boolean additive() {
      return this == SUM || this == COUNT || this == AVG;
    }
  }

  public AggregateMeasure {
    requireNonNull(name, "name is null");
    requireNonNull(function, "function is null");
    requireNonNull(column, "column is null");
  }

  /** The aggregate's columns for this measure: the name, or for an average its sum, count and the average. */
  public List<String> outputColumns() {
    return function == Function.AVG ? List.of(sumColumn(), countColumn(), name) : List.of(name);
  }

  public String sumColumn() {
    return name + "_sum";
  }

  public String countColumn() {
    return name + "_count";
  }

  public String describe() {
    return function.configName() + "(" + column.map(AggregateColumn::describe).orElse("*") + ")";
  }
}
