package io.strata.jobs.process;

import java.util.List;

/**
 * The numbers of one entity's process run. Nothing vanishes:
 * {@code rowsIn = rowsMerged + duplicatesDropped + rowsQuarantined}.
 */
record ProcessResult(long rowsIn, long rowsMerged, long duplicatesDropped, long rowsQuarantined, long inserted, long updated,
    int batches, List<String> driftEvents) {}
