package io.strata.jobs.failure;

/**
 * Failure reasons with what they quote left out, for messages that leave the run (alerts, lineage
 * events): where an error quotes a value ({@code 'abc'}, {@code "abc"}), as Spark's cast errors
 * do, the value may be personal data.
 */
public final class QuotedValues {
  private QuotedValues() {}

  public static String leftOut(String text) {
    return text.replaceAll("'[^']*'", "'…'").replaceAll("\"[^\"]*\"", "\"…\"");
  }
}
