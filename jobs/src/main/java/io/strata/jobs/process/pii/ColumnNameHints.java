package io.strata.jobs.process.pii;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Recognizes PII by a column's name. Names are compared as snake_case words ({@code eMail},
 * {@code E-Mail} and {@code e_mail} alike), whole words only, so {@code shipping_cost} is not an
 * IP address. A few harmless names are flagged too ({@code card_type}): {@code pii = none} on the
 * column declares it safe, which costs less than a leak.
 */
final class ColumnNameHints {
  private record Hint(PiiKind kind, Pattern words) {}

  // Word boundaries in a snake_case name: the start, the end or '_'.
  private static Hint hint(PiiKind kind, String words) {
    return new Hint(kind, Pattern.compile("(?:^|_)(?:" + words + ")(?:_|$)"));
  }

  // Order matters: ip_address and email_address are not postal addresses.
  private static final List<Hint> HINTS = List.of(
      hint(PiiKind.EMAIL, "e_?mail(?:_?addr(?:ess)?)?|e_?mails"),
      hint(PiiKind.IP_ADDRESS, "ip|ip_?addr(?:ess)?|ipv[46](?:_addr(?:ess)?)?|remote_addr|client_ip"),
      hint(PiiKind.PHONE, "(?:tele)?phone(?:_?(?:number|no|num))?|tel|mobile(?:_?(?:number|no|phone))?|cell_?phone|msisdn|fax"),
      hint(PiiKind.SSN, "ssn|social_?security(?:_?(?:number|no|num))?"),
      hint(PiiKind.CREDIT_CARD, "card|credit_?card(?:_?(?:number|no|num))?|card_?(?:number|no|num)|cc_?(?:number|no|num)|ccn|pan"),
      hint(PiiKind.IBAN, "iban|bank_?account(?:_?(?:number|no))?|account_?number"),
      hint(PiiKind.POSTAL_ADDRESS, "address|addr|street(?:_?address)?|address_?line_?\\d*"),
      hint(PiiKind.BIRTH_DATE, "birth|birthday|birth_?date|dob|date_of_birth"),
      hint(PiiKind.PASSPORT, "passport(?:_?(?:number|no|num))?"),
      hint(PiiKind.NATIONAL_ID, "national_?id|tax_?id|tin|nin|nino|personnummer"),
      hint(PiiKind.PERSON_NAME, "(?:first|last|full|given|family|middle|maiden|sur)_?name|surname|forename"));

  private ColumnNameHints() {}

  /** The kind of PII the name suggests, if any. */
  static Optional<PiiKind> kindOf(String columnName) {
    String words = snakeCase(requireNonNull(columnName, "columnName is null"));
    return HINTS.stream().filter(hint -> hint.words().matcher(words).find()).map(Hint::kind).findFirst();
  }

  /** {@code customerEMail} and {@code Customer-E-Mail} both become {@code customer_e_mail}. */
  static String snakeCase(String name) {
    return name.replaceAll("([\\p{Ll}\\d])(\\p{Lu})", "$1_$2")
        .replaceAll("(\\p{Lu}+)(\\p{Lu}\\p{Ll})", "$1_$2")
        .toLowerCase(Locale.ROOT)
        .replaceAll("[^\\p{L}\\d]+", "_")
        .replaceAll("^_+|_+$", "");
  }
}
