package io.strata.layout.config;

import java.util.regex.Pattern;

/**
 * Names that go into warehouse SQL: plain lower-case identifiers only, so they never need case
 * folding and never carry SQL. They are still always quoted when SQL is built.
 */
public final class SqlIdentifiers {
  private static final Pattern PLAIN = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  private SqlIdentifiers() {}

  public static boolean isPlain(String name) {
    return name != null && PLAIN.matcher(name).matches();
  }

  /** The fix a config error gives for a name that is not plain. */
  static String fix() {
    return "use lower-case letters, digits and '_' (at most 63), starting with a letter or '_'";
  }
}
