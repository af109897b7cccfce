package io.strata.jobs.ingest.rest;

/** How far a read has come, counting the page just fetched. */
record PageProgress(int pagesFetched, long recordsReceived) {
  PageProgress {
    if (pagesFetched < 1 || recordsReceived < 0) {
      throw new IllegalArgumentException("bad progress: " + pagesFetched + " pages, " + recordsReceived + " records");
    }
  }
}
