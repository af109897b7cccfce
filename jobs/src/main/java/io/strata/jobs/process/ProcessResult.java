package io.strata.jobs.process;

import java.util.List;

/**
 * The numbers of one entity's process run. Nothing vanishes:
 * {@code rowsIn = rowsMerged + duplicatesDropped + rowsQuarantined}; of the rows merged (compared with
 * the table), {@code inserted} were new and {@code updated} changed; {@code deleted} keys left a full snapshot.
 */
record ProcessResult(long rowsIn, long rowsMerged, long duplicatesDropped, long rowsQuarantined, long inserted, long updated,
    long deleted, int batches, List<String> driftEvents) {}
