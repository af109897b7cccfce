package io.strata.layout.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** A pipeline config written as text into a test's directory and loaded, and the problems a bad one reports. */
final class ConfigText {
  private ConfigText() {}

  static PipelineConfig load(Path dir, String text, Map<String, String> environment) throws IOException {
    Path file = dir.resolve("pipeline.conf");
    Files.writeString(file, text);
    return new PipelineConfigLoader(environment, true).load(file);
  }

  /** Each problem of the failed load as {@code key: message Fix: fix}. */
  static List<String> problems(ThrowingCallable load) {
    StrataConfigException thrown = catchThrowableOfType(StrataConfigException.class, load);
    assertThat(thrown).as("expected a config failure").isNotNull();
    return thrown.problems().stream().map(problem -> problem.key() + ": " + problem.message() + " Fix: " + problem.fix()).toList();
  }
}
