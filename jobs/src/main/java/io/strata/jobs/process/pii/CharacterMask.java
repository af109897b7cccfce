package io.strata.jobs.process.pii;

import static java.util.Objects.requireNonNull;

import org.apache.spark.sql.api.java.UDF1;

/**
 * {@code pii = mask}: keeps the last (or first) {@code keep} letters and digits, replaces the
 * other letters and digits with the mask character and keeps separators, so
 * {@code +1 212 555 0102} becomes {@code +* *** *** 0102}. Null stays null.
 */
final class CharacterMask implements UDF1<String, String> {
  private static final long serialVersionUID = 1L;

  private final int keep;
  private final boolean keepFirst;
  private final int maskChar;

  CharacterMask(int keep, boolean keepFirst, String maskChar) {
    if (keep < 0) {
      throw new IllegalArgumentException("keep is " + keep + ", not zero or more");
    }
    requireNonNull(maskChar, "maskChar is null");
    if (maskChar.codePointCount(0, maskChar.length()) != 1) {
      throw new IllegalArgumentException("maskChar is '" + maskChar + "', not one character");
    }
    this.keep = keep;
    this.keepFirst = keepFirst;
    this.maskChar = maskChar.codePointAt(0);
  }

  @Override
  public String call(String value) {
    if (value == null) {
      return null;
    }
    long significant = value.codePoints().filter(Character::isLetterOrDigit).count();
    // A value no longer than the kept part would come out unchanged: mask it whole instead.
    long kept = keep < significant ? keep : 0;
    StringBuilder masked = new StringBuilder(value.length());
    long index = 0;
    for (int codePoint : value.codePoints().toArray()) {
      if (!Character.isLetterOrDigit(codePoint)) {
        masked.appendCodePoint(codePoint);
        continue;
      }
      boolean keepIt = keepFirst ? index < kept : index >= significant - kept;
      masked.appendCodePoint(keepIt ? codePoint : maskChar);
      index++;
    }
    return masked.toString();
  }
}
