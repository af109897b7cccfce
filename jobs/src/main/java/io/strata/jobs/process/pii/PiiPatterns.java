package io.strata.jobs.process.pii;

import java.util.regex.Pattern;

/**
 * Tests whether one text value looks like a kind of personal data. Patterns are strict enough that
 * ids, amounts and dates in ordinary columns do not pass, and written to run in linear time
 * (possessive quantifiers, length caps), since they see arbitrary sampled text.
 */
final class PiiPatterns {
  private static final int MAX_LENGTH = 320;

  private static final Pattern EMAIL = Pattern.compile(
      "[\\p{L}\\p{N}._%+'-]++@(?:[\\p{L}\\p{N}-]++\\.)++\\p{L}{2,}+");
  // Digit groups, optionally one in parentheses, split by at most one space, '-' or '.'.
  private static final Pattern PHONE = Pattern.compile("\\+?+(?:\\(\\d++\\)|\\d++)(?:[ .-]?+(?:\\(\\d++\\)|\\d++))*+");
  private static final Pattern DATE_LIKE = Pattern.compile("\\d{4}[-./]\\d{1,2}[-./]\\d{1,2}|\\d{1,2}[-./]\\d{1,2}[-./]\\d{2,4}");
  private static final Pattern DECIMAL = Pattern.compile("\\d++\\.\\d++");
  private static final Pattern SSN = Pattern.compile("(\\d{3})-(\\d{2})-(\\d{4})");
  private static final Pattern CARD = Pattern.compile("\\d++(?:[ -]\\d++)*+");
  private static final Pattern IPV4 = Pattern.compile(
      "(?:(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
  private static final Pattern HEX_GROUP = Pattern.compile("[0-9a-fA-F]{1,4}");

  private PiiPatterns() {}

  static boolean isEmail(String value) {
    return value.length() <= MAX_LENGTH && EMAIL.matcher(value).matches();
  }

  /**
   * An international number ({@code +44 20 7946 0001}, {@code 0044...}) or a national one written
   * with separators or a trunk prefix ({@code (212) 555-0102}, {@code 030 5550105}); 7 to 15
   * digits. Bare digit strings without a leading 0 or '+' are more often ids than phone numbers.
   */
  static boolean isPhone(String value) {
    if (value.length() > 40 || !PHONE.matcher(value).matches()) {
      return false;
    }
    long digits = value.chars().filter(c -> c >= '0' && c <= '9').count();
    if (digits < 7 || digits > 15 || DATE_LIKE.matcher(value).matches() || DECIMAL.matcher(value).matches()) {
      return false;
    }
    boolean formatted = value.chars().anyMatch(c -> c == ' ' || c == '-' || c == '.' || c == '(');
    return value.startsWith("+") || value.startsWith("0") || formatted;
  }

  /** {@code ddd-dd-dddd}, without the area, group and serial numbers that are never issued. */
  static boolean isUsSocialSecurityNumber(String value) {
    var matcher = SSN.matcher(value);
    if (!matcher.matches()) {
      return false;
    }
    String area = matcher.group(1);
    return !area.equals("000") && !area.equals("666") && area.charAt(0) != '9'
        && !matcher.group(2).equals("00") && !matcher.group(3).equals("0000");
  }

  /** 13 to 19 digits, single spaces or dashes allowed between groups, passing the Luhn check. */
  static boolean isCreditCard(String value) {
    if (value.length() > 40 || !CARD.matcher(value).matches()) {
      return false;
    }
    long digits = value.chars().filter(c -> c >= '0' && c <= '9').count();
    return digits >= 13 && digits <= 19 && Luhn.isValid(value);
  }

  static boolean isIpAddress(String value) {
    return value.length() <= 45 && (IPV4.matcher(value).matches() || isIpv6(value));
  }

  /** Eight hex groups, or fewer with one {@code ::}, optionally ending in an IPv4 address. */
  private static boolean isIpv6(String value) {
    if (value.indexOf(':') < 0) {
      return false;
    }
    int compressed = value.indexOf("::");
    if (compressed >= 0 && value.indexOf("::", compressed + 1) >= 0) {
      return false;
    }
    String[] halves = compressed >= 0
        ? new String[] {value.substring(0, compressed), value.substring(compressed + 2)}
        : new String[] {value};
    int groups = 0;
    for (int h = 0; h < halves.length; h++) {
      if (halves[h].isEmpty()) {
        continue;
      }
      String[] parts = halves[h].split(":", -1);
      for (int p = 0; p < parts.length; p++) {
        boolean last = h == halves.length - 1 && p == parts.length - 1;
        if (last && IPV4.matcher(parts[p]).matches()) {
          groups += 2;
        } else if (HEX_GROUP.matcher(parts[p]).matches()) {
          groups++;
        } else {
          return false;
        }
      }
    }
    return compressed >= 0 ? groups < 8 : groups == 8;
  }
}
