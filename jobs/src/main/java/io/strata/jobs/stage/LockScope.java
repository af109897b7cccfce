package io.strata.jobs.stage;

import static java.util.Objects.requireNonNull;

import io.strata.layout.LakeLayout;
import io.strata.layout.config.PipelineConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a stage locks while it runs: {@code ingest} one lock per source it reads, {@code process}
 * one per entity, every other stage the pipeline as a whole ({@link LakeLayout#WHOLE_STAGE_LOCK}).
 * So parallel {@code ingest --source} tasks of one pipeline never wait for each other, while two
 * runs that would write the same raw batches or tables cannot both start.
 */
public record LockScope(Optional<String> onlySource, Optional<String> onlyEntity) {
  public LockScope {
    requireNonNull(onlySource, "onlySource is null");
    requireNonNull(onlyEntity, "onlyEntity is null");
  }

  /** Every source and entity. */
  public static LockScope everything() {
    return new LockScope(Optional.empty(), Optional.empty());
  }

  /** The lock targets of {@code stage}, sorted; a stage with nothing to read locks the stage as a whole. */
  public List<String> targets(Stage stage, PipelineConfig config) {
    List<String> targets = switch (stage) {
      case INGEST -> named(onlySource, config.sources());
      case PROCESS -> named(onlyEntity, config.entities());
      default -> List.of(LakeLayout.WHOLE_STAGE_LOCK);
    };
    return targets.isEmpty() ? List.of(LakeLayout.WHOLE_STAGE_LOCK) : targets;
  }

  /** The one name asked for (an unknown name locks nothing: the stage fails on it with its own message), else all. */
  private static List<String> named(Optional<String> only, Map<String, ?> configured) {
    if (only.isPresent()) {
      return configured.containsKey(only.get()) ? List.of(only.get()) : List.of();
    }
    return configured.keySet().stream().sorted().toList();
  }
}
