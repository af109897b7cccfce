package io.strata.jobs.spark;

/** Names as Spark SQL reads them in expressions and column references. */
public final class SqlIdentifiers {
  private SqlIdentifiers() {}

  /** The name in backticks, a backtick in it doubled: safe for any column name, dots and spaces included. */
  public static String quoted(String name) {
    return "`" + name.replace("`", "``") + "`";
  }
}
