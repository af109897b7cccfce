package io.strata.jobs.model;

/**
 * What building one dimension did.
 *
 * @param rowsRead source rows read
 * @param inserted rows (versions or members) added
 * @param updated stored rows changed (closed, re-dated, type-1 values overwritten)
 * @param removed stored versions a late change merged into another
 */
record DimensionBuild(long rowsRead, long inserted, long updated, long removed) {
  long written() {
    return inserted + updated + removed;
  }
}
