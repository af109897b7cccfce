package io.strata.jobs.ingest.file;

import io.strata.jobs.ingest.SourceState;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The files a source has ingested, with size, modification time and the run date that took them,
 * kept in the source state as {@code file:<uri>} = {@code <size>,<mtime>,<run date>}.
 */
final class FileLedger {
  private static final String PREFIX = "file:";

  record Entry(long size, long modificationTime, String runDate) {
    String encode() {
      return size + "," + modificationTime + "," + runDate;
    }

    static Entry decode(String text) {
      String[] parts = text.split(",", 3);
      return new Entry(Long.parseLong(parts[0]), Long.parseLong(parts[1]), parts[2]);
    }
  }

  enum Decision { NEW, CHANGED, RERUN, DONE }

  private final Map<String, Entry> entries = new LinkedHashMap<>();

  static FileLedger from(SourceState state) {
    FileLedger ledger = new FileLedger();
    state.values().forEach((key, value) -> {
      if (key.startsWith(PREFIX)) {
        ledger.entries.put(key.substring(PREFIX.length()), Entry.decode(value));
      }
    });
    return ledger;
  }

  /** Whether a listed file is to be read by a run of {@code runDate}. */
  Decision decide(String uri, long size, long modificationTime, LocalDate runDate) {
    Optional<Entry> entry = Optional.ofNullable(entries.get(uri));
    if (entry.isEmpty()) {
      return Decision.NEW;
    }
    if (entry.get().runDate().equals(runDate.toString())) {
      return Decision.RERUN; // the same run date again: its batch is replaced, so its files are read again
    }
    return entry.get().size() != size || entry.get().modificationTime() != modificationTime ? Decision.CHANGED : Decision.DONE;
  }

  /** The state after this run: the ledger with the files this run read. */
  static SourceState record(SourceState state, Map<String, Entry> read) {
    SourceState next = state;
    for (Map.Entry<String, Entry> file : read.entrySet()) {
      next = next.with(PREFIX + file.getKey(), file.getValue().encode());
    }
    return next;
  }
}
