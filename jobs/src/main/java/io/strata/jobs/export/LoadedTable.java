package io.strata.jobs.export;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A table whose rows wait in its staging table, and how publishing applies them.
 *
 * @param partitions for {@link Action#REPLACE_PARTITIONS}: the partition values replaced
 * @param lakeRows the curated table's rows at {@code snapshot}'s version, which the published table must hold
 * @param copied the rows copied into staging
 * @param deleted for {@link Action#UPSERT}: the keys copied into the deletes staging table (none: no such table)
 */
record LoadedTable(ExportTable table, CuratedSnapshot snapshot, Action action, List<String> columns, List<String> partitions,
    long lakeRows, long copied, long deleted, String note) {
  enum Action {
    /** The staging table, keys and indexes built, replaces the table. */
    REPLACE,
    /** The table's rows in these partitions are replaced by the staging rows. */
    REPLACE_PARTITIONS,
    /** The keys in the deletes staging table are deleted, and the staging rows upserted on the primary key. */
    UPSERT,
    /** Nothing changed in the lake since the last export. */
    NONE
  }

  LoadedTable {
    requireNonNull(table, "table is null");
    requireNonNull(snapshot, "snapshot is null");
    requireNonNull(action, "action is null");
    columns = List.copyOf(columns);
    partitions = List.copyOf(partitions);
    requireNonNull(note, "note is null");
  }

  String staging() {
    return PgNames.staging(table.name());
  }

  String deletedStaging() {
    return PgNames.deletedStaging(table.name());
  }
}
