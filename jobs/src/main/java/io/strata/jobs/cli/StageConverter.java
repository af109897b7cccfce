package io.strata.jobs.cli;

import io.strata.jobs.stage.Stage;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Stage names as users type them: {@code ingest}, {@code model}, in any case. */
final class StageConverter implements ITypeConverter<Stage> {
  @Override
  public Stage convert(String value) {
    try {
      return Stage.valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException("'" + value + "' is not a stage; use one of "
          + Arrays.stream(Stage.values()).map(Stage::cliName).collect(Collectors.joining(", ")));
    }
  }
}
