package io.strata.jobs.delta;

import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * Marks the Delta commits a piece of work makes with a tag in their {@code commitInfo.userMetadata},
 * so that readers of the log ({@link DeltaChanges}) can tell what those commits did. The tag is a
 * session setting, set for the work and restored after it.
 */
public final class CommitTag {
  /** Commits that only set column comments: they change neither data nor structure. */
  public static final String COMMENTS_ONLY = "strata:column-comments";
  static final String SETTING = "spark.databricks.delta.commitInfo.userMetadata";

  private CommitTag() {}

  /** Runs {@code work}; every commit it makes in this session carries {@code tag}. */
  public static void tagged(SparkSession spark, String tag, Runnable work) {
    Optional<String> before = Optional.ofNullable(spark.conf().getOption(SETTING).getOrElse(() -> null));
    spark.conf().set(SETTING, tag);
    try {
      work.run();
    } finally {
      before.ifPresentOrElse(value -> spark.conf().set(SETTING, value), () -> spark.conf().unset(SETTING));
    }
  }
}
