package io.strata.jobs.stage;

import static java.util.Objects.requireNonNull;

import io.strata.layout.StrataException;
import io.strata.layout.config.ConfigProblem;
import io.strata.layout.config.StrataConfigException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A line of the summary table about a failure: which stage and target (or {@code *} for the
 * stage as a whole) failed, and the first line of why; the full message follows on stderr.
 *
 * @param duration how long the stage ran before it failed; empty for a single target, whose time is not known
 */
public record StageFailure(Stage stage, String target, Optional<Duration> duration, String reason) {
  /** Longer reasons are cut in the table: the whole message is printed after it. */
  static final int MAX_REASON = 160;

  public StageFailure {
    requireNonNull(stage, "stage is null");
    requireNonNull(target, "target is null");
    requireNonNull(duration, "duration is null");
    requireNonNull(reason, "reason is null");
  }

  /** One line per failed target when the stage names them, else one for the stage as a whole. */
  public static List<StageFailure> of(Stage stage, Duration elapsed, RuntimeException error) {
    List<StageFailure> failures = new ArrayList<>();
    if (error instanceof TargetsFailedException targets && !targets.failures().isEmpty()) {
      targets.failures().forEach((target, reason) -> failures.add(new StageFailure(stage, target, Optional.empty(), shorten(firstLine(reason)))));
    } else {
      failures.add(new StageFailure(stage, "*", Optional.of(elapsed), reasonOf(error)));
    }
    return List.copyOf(failures);
  }

  private static String reasonOf(RuntimeException error) {
    if (error instanceof StrataConfigException config) {
      // The message's first line only counts the problems: the table names the first (its fix follows on stderr).
      ConfigProblem first = config.problems().get(0);
      int more = config.problems().size() - 1;
      return shorten(firstLine(first.key().isEmpty() ? first.message() : first.key() + ": " + first.message()))
          + (more == 0 ? "" : " (and " + more + " more)");
    }
    String message = firstLine(String.valueOf(error.getMessage()));
    return shorten(error instanceof StrataException ? message : error.getClass().getSimpleName() + ": " + message);
  }

  private static String firstLine(String text) {
    return text.lines().findFirst().orElse("").strip();
  }

  private static String shorten(String line) {
    return line.length() <= MAX_REASON ? line : line.substring(0, MAX_REASON - 3) + "...";
  }
}
