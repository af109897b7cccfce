package io.strata.layout;

import java.util.regex.Pattern;

/** Names that become folders in the lake: lower-case snake case, so every engine and OS reads them alike. */
public final class LakeNames {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,127}");
  private static final Pattern BATCH_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

  private LakeNames() {}

  public static boolean isValid(String name) {
    return name != null && NAME.matcher(name).matches();
  }

  /** Checks a source, entity or table name; {@code what} names it in the error. */
  public static String require(String name, String what) {
    if (!isValid(name)) {
      throw new IllegalArgumentException(
          what + " '" + name + "' is not a lake name: use lower-case letters, digits and '_', starting with a letter");
    }
    return name;
  }

  static String requireBatchId(String batchId) {
    if (batchId == null || !BATCH_ID.matcher(batchId).matches()) {
      throw new IllegalArgumentException("batch id '" + batchId + "' may hold only letters, digits, '_', '.' and '-'");
    }
    return batchId;
  }
}
