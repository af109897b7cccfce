package io.strata.jobs.process;

import java.time.LocalDate;

/** One complete raw batch: {@code .../ingest_date=<date>/batch_id=<id>/}. */
record RawBatch(LocalDate ingestDate, String batchId, String uri) {}
