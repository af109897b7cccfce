package io.strata.jobs.spark;

import io.strata.layout.StrataException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The figures a query computed as it ran ({@code Dataset.observe}): a write that also counts what
 * it writes saves the pass a count of its own would take. Spark reports them when the query ends;
 * should it not (within {@link #WAIT_SECONDS}), the caller's own query answers instead.
 */
public final class ObservedMetrics {
  static final int WAIT_SECONDS = 10;
  private static final Logger LOG = LoggerFactory.getLogger(ObservedMetrics.class);

  private ObservedMetrics() {}

  /**
   * The row {@code observed} holds once the query that carried it has run, or {@code fallback}'s.
   *
   * @param what the query, for the log and for an interruption's error ("the raw batch s3a://...")
   */
  public static Row await(Observation observed, String what, Supplier<Row> fallback) {
    return await(observed.future(), what, fallback, WAIT_SECONDS * 1000L);
  }

  static Row await(scala.concurrent.Future<Row> observed, String what, Supplier<Row> fallback, long waitMillis) {
    try {
      Row row = scala.concurrent.Await.result(observed, scala.concurrent.duration.Duration.create(waitMillis, TimeUnit.MILLISECONDS));
      // Spark completes an observation with an empty row when the query ran without collecting it (its node optimized away).
      if (row.length() > 0) {
        return row;
      }
      LOG.warn("{}: Spark reported empty observed counts; counting with a query of their own", what);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StrataException("interrupted while waiting for the counts of " + what, e);
    } catch (Exception e) { // TimeoutException, or a failure Spark reported for the observation
      LOG.warn("{}: Spark reported no observed counts ({}); counting with a query of their own", what, e.toString());
    }
    return fallback.get();
  }
}
