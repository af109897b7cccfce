package io.strata.jobs.stage;

import static java.util.Objects.requireNonNull;

import io.strata.jobs.failure.LakeStorageFailure;
import io.strata.layout.StrataException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stage that failed for some of its targets (sources, entities, tables, lake areas) while
 * others finished. The run log records the finished ones as done, so that the counts of a retry
 * add up with theirs, and the summary table prints them beside the failures.
 */
public class TargetsFailedException extends StrataException {
  private static final long serialVersionUID = 1L;

  private final transient List<StageResult> finished;
  private final transient Map<String, String> failures;

  /**
   * @param finished what the targets that finished did
   * @param failures why each other target failed, by target, in the order they failed
   */
  public TargetsFailedException(String message, List<StageResult> finished, Map<String, String> failures) {
    this(message, finished, failures, List.of());
  }

  /**
   * @param errors what each failed target threw; when the lake's S3 store ended every one of them,
   *     the message leads with that, and its fix (a re-run), before the list of targets
   */
  public TargetsFailedException(String message, List<StageResult> finished, Map<String, String> failures, List<? extends Throwable> errors) {
    super(storeFailure(errors).map(store -> store + System.lineSeparator() + message).orElse(message), errors.isEmpty() ? null : errors.get(0));
    this.finished = List.copyOf(requireNonNull(finished, "finished is null"));
    this.failures = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(failures, "failures is null")));
  }

  private static java.util.Optional<String> storeFailure(List<? extends Throwable> errors) {
    if (errors.isEmpty() || !errors.stream().allMatch(error -> LakeStorageFailure.explain(error).isPresent())) {
      return java.util.Optional.empty();
    }
    return LakeStorageFailure.explain(errors.get(0));
  }

  public List<StageResult> finished() {
    return finished;
  }

  public Map<String, String> failures() {
    return failures;
  }

  /** The targets {@code error} says finished before it; none when it does not know. */
  public static List<StageResult> finishedBefore(RuntimeException error) {
    return error instanceof TargetsFailedException targets ? targets.finished() : List.of();
  }
}
