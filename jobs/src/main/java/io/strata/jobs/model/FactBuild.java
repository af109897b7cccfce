package io.strata.jobs.model;

import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

/**
 * What building one fact did.
 *
 * @param unknownMembers per dimension reference, how many rows got the unknown member (-1)
 * @param dates the first and last date the fact's date references hold, for a derived dim_date
 */
record FactBuild(long rowsRead, long rowsWritten, long partitions, Map<String, Long> unknownMembers,
    Optional<LocalDate[]> dates) {}
