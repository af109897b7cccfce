package io.strata.jobs.ingest.state;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.jobs.ingest.SourceState;
import io.strata.layout.LakeLayout;
import io.strata.layout.StrataException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Keeps each source's (or entity's) state in the lake under {@code _state/sources/<source>/} as one small JSON
 * file per commit ({@code 000042.json}). A commit writes a new file and never rewrites an old
 * one, so a crash leaves the previous state intact, and the history explains every watermark.
 */
public final class SourceStateStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final java.util.function.Function<String, io.strata.layout.LakeLocation> directories;
  private final String kind;
  private final Configuration hadoopConf;
  /** How many of the newest state files a commit keeps; 0 keeps them all. */
  private final int retain;

  /** The state of sources ({@code _state/sources/<source>}): watermarks and file ledgers. */
  public SourceStateStore(LakeLayout layout, Configuration hadoopConf) {
    this(layout::sourceState, "source", hadoopConf);
  }

  private SourceStateStore(java.util.function.Function<String, io.strata.layout.LakeLocation> directories, String kind, Configuration hadoopConf) {
    this(directories, kind, hadoopConf, 0);
  }

  private SourceStateStore(java.util.function.Function<String, io.strata.layout.LakeLocation> directories, String kind, Configuration hadoopConf,
      int retain) {
    this.directories = requireNonNull(directories, "directories is null");
    this.kind = requireNonNull(kind, "kind is null");
    this.hadoopConf = requireNonNull(hadoopConf, "hadoopConf is null");
    this.retain = retain;
  }

  /** How many state files an entity keeps: its ledger's newest file holds all it needs; the rest is a recent audit trail. */
  public static final int ENTITY_FILES_KEPT = 100;

  /** The state of entities ({@code _state/entities/<entity>}): the raw batches processed. */
  public static SourceStateStore forEntities(LakeLayout layout, Configuration hadoopConf) {
    return forEntities(layout, hadoopConf, ENTITY_FILES_KEPT);
  }

  /**
   * As {@link #forEntities(LakeLayout, Configuration)}, keeping the newest {@code retain} files: a
   * streamed entity commits once per micro-batch, and a directory of every commit ever made would
   * make each commit's listing slower. Process reads only the newest file.
   */
  static SourceStateStore forEntities(LakeLayout layout, Configuration hadoopConf, int retain) {
    return new SourceStateStore(layout::entityState, "entity", hadoopConf, retain);
  }

  /** The change-feed watermarks of curated tables ({@code _state/model/<table>}, see {@link io.strata.layout.ModelWatermarks}). */
  public static SourceStateStore forModel(LakeLayout layout, Configuration hadoopConf) {
    return new SourceStateStore(layout::modelState, "curated table", hadoopConf);
  }

  /**
   * States a stage keeps for itself directly under {@code _state/<name>}, e.g. {@code _state/maintain}: the
   * table versions {@code strata maintain} last looked at. The name takes the place of the source.
   */
  public static SourceStateStore forLakeState(LakeLayout layout, Configuration hadoopConf) {
    return new SourceStateStore(layout::state, "stage", hadoopConf);
  }

  public StateHistory history(String source) {
    Path directory = directory(source);
    try {
      FileSystem fs = directory.getFileSystem(hadoopConf);
      if (!fs.exists(directory)) {
        return new StateHistory(List.of());
      }
      List<StateEntry> entries = new ArrayList<>();
      for (FileStatus status : fs.listStatus(directory, path -> path.getName().matches("\\d{6,}\\.json"))) {
        try (InputStream in = fs.open(status.getPath())) {
          entries.add(fromJson(JSON.readValue(in, MAP)));
        }
      }
      return new StateHistory(entries);
    } catch (IOException e) {
      throw new StrataException("cannot read the state of " + kind + " '" + source + "' at " + directory + ": " + e.getMessage(), e);
    }
  }

  /**
   * The latest committed state, reading only the newest file: a streamed entity commits its
   * ledger once per micro-batch, and reading its whole history each time would grow without end.
   */
  public SourceState latest(String source) {
    Path directory = directory(source);
    try {
      FileSystem fs = directory.getFileSystem(hadoopConf);
      Optional<Path> newest = newestFile(fs, directory);
      if (newest.isEmpty()) {
        return SourceState.empty();
      }
      try (InputStream in = fs.open(newest.get())) {
        return fromJson(JSON.readValue(in, MAP)).after();
      }
    } catch (IOException e) {
      throw new StrataException("cannot read the state of " + kind + " '" + source + "' at " + directory + ": " + e.getMessage(), e);
    }
  }

  /** Records a finished run; call only after the run's raw batch is committed. */
  public StateEntry commitRun(String source, LocalDate runDate, String runId, SourceState before, SourceState after) {
    return append(source, StateEntry.Kind.RUN, Optional.of(runDate.toString()), runId, before, after);
  }

  /** {@code strata state set}: the next run reads from {@code state}. */
  public StateEntry set(String source, SourceState state) {
    return append(source, StateEntry.Kind.SET, Optional.empty(), "manual", latest(source), state);
  }

  /** {@code strata state reset}: the next run starts from scratch (a full re-read); the history stays. */
  public StateEntry reset(String source) {
    return append(source, StateEntry.Kind.RESET, Optional.empty(), "manual", latest(source), SourceState.empty());
  }

  private StateEntry append(String source, StateEntry.Kind entryKind, Optional<String> runDate, String runId, SourceState before, SourceState after) {
    Path directory = directory(source);
    long sequence;
    try {
      FileSystem fs = directory.getFileSystem(hadoopConf);
      sequence = newestFile(fs, directory).map(SourceStateStore::sequenceOf).orElse(0L) + 1;
    } catch (IOException e) {
      throw new StrataException("cannot list the state of " + kind + " '" + source + "' at " + directory + ": " + e.getMessage(), e);
    }
    StateEntry entry = new StateEntry(sequence, entryKind, runDate, runId, Instant.now(), before, after);
    Path file = new Path(directory, String.format("%06d.json", entry.sequence()));
    try {
      FileSystem fs = file.getFileSystem(hadoopConf);
      // No overwrite: two runs of one source racing for the same sequence fail instead of losing a state.
      try (OutputStream out = fs.create(file, false)) {
        out.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(toJson(entry)).getBytes(StandardCharsets.UTF_8));
      }
      if (retain > 0 && sequence > retain) {
        dropOlderThan(fs, directory, sequence - retain + 1);
      }
      return entry;
    } catch (IOException e) {
      throw new StrataException("cannot commit the state of " + kind + " '" + source + "' to " + file + ": " + e.getMessage()
          + ". The raw batch is written; re-running the same --run-date replaces it", e);
    }
  }

  /** Deletes the state files before {@code oldestKept}; one that cannot be deleted is left for the next commit. */
  private void dropOlderThan(FileSystem fs, Path directory, long oldestKept) {
    try {
      for (FileStatus status : fs.listStatus(directory, path -> path.getName().matches("\\d{6,}\\.json"))) {
        if (sequenceOf(status.getPath()) < oldestKept) {
          fs.delete(status.getPath(), false);
        }
      }
    } catch (IOException e) {
      org.slf4j.LoggerFactory.getLogger(SourceStateStore.class).warn("cannot drop old state files under {}: {}", directory, e.toString());
    }
  }

  /** The state file with the greatest sequence number (names are numbers, compared as numbers). */
  private static Optional<Path> newestFile(FileSystem fs, Path directory) throws IOException {
    if (!fs.exists(directory)) {
      return Optional.empty();
    }
    Path newest = null;
    for (FileStatus status : fs.listStatus(directory, path -> path.getName().matches("\\d{6,}\\.json"))) {
      if (newest == null || sequenceOf(status.getPath()) > sequenceOf(newest)) {
        newest = status.getPath();
      }
    }
    return Optional.ofNullable(newest);
  }

  private static long sequenceOf(Path file) {
    String name = file.getName();
    return Long.parseLong(name.substring(0, name.length() - ".json".length()));
  }

  private Path directory(String source) {
    return new Path(directories.apply(source).uri());
  }

  private static Map<String, Object> toJson(StateEntry entry) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("sequence", entry.sequence());
    json.put("kind", entry.kind().name());
    json.put("run_date", entry.runDate().orElse(null));
    json.put("run_id", entry.runId());
    json.put("committed_at", entry.committedAt().toString());
    json.put("before", entry.before().values());
    json.put("after", entry.after().values());
    return json;
  }

  @SuppressWarnings("unchecked")
  private static StateEntry fromJson(Map<String, Object> json) {
    return new StateEntry(
        ((Number) json.get("sequence")).longValue(),
        StateEntry.Kind.valueOf((String) json.get("kind")),
        Optional.ofNullable((String) json.get("run_date")),
        (String) json.get("run_id"),
        Instant.parse((String) json.get("committed_at")),
        new SourceState((Map<String, String>) json.get("before")),
        new SourceState((Map<String, String>) json.get("after")));
  }
}
