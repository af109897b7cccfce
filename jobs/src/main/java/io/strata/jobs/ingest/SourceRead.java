package io.strata.jobs.ingest;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What a {@link SourceReader} produced for one run, before anything is written.
 *
 * @param records the source's records as received, plus a string column {@link #ORIGIN}: the file,
 *     page URL or query each record came from. The ingest stage adds the other metadata columns.
 * @param quarantined malformed records, with the columns {@link #QUARANTINE_COLUMNS}
 * @param next the state to commit once the records are safely in the raw layer
 * @param metrics what the read touched, e.g. {@code files}, {@code pages}, {@code partitions}, {@code bytes}
 * @param rejectedAfterWrite present when the reader counts, while the records are written, the rows
 *     it left out for the quarantine: the quarantine is then written after the records and only when
 *     that count is not 0 (-1: unknown). Absent: the quarantine is written first.
 * @param recheck present when the records are written before the reader knows that all of them are
 *     good (it learns that from the write itself): the batch is then left incomplete until, asked
 *     after the write, the reader returns empty (the batch stands) or the read to write instead (the
 *     batch is replaced). Absent: the batch is complete when written.
 */
public record SourceRead(Dataset<Row> records, Optional<Dataset<Row>> quarantined, SourceState next, Map<String, Long> metrics,
    Optional<LongSupplier> rejectedAfterWrite, Optional<Supplier<Optional<SourceRead>>> recheck) {
  public static final String ORIGIN = "_origin";
  /** {@code _origin STRING, _record_number BIGINT, _record STRING, _reason STRING}. */
  public static final String[] QUARANTINE_COLUMNS = {"_origin", "_record_number", "_record", "_reason"};

  public SourceRead {
    requireNonNull(records, "records is null");
    requireNonNull(quarantined, "quarantined is null");
    requireNonNull(next, "next is null");
    metrics = Map.copyOf(requireNonNull(metrics, "metrics is null"));
    requireNonNull(rejectedAfterWrite, "rejectedAfterWrite is null");
    requireNonNull(recheck, "recheck is null");
  }

  public SourceRead(Dataset<Row> records, Optional<Dataset<Row>> quarantined, SourceState next, Map<String, Long> metrics,
      Optional<LongSupplier> rejectedAfterWrite) {
    this(records, quarantined, next, metrics, rejectedAfterWrite, Optional.empty());
  }

  public SourceRead(Dataset<Row> records, Optional<Dataset<Row>> quarantined, SourceState next, Map<String, Long> metrics) {
    this(records, quarantined, next, metrics, Optional.empty());
  }
}
