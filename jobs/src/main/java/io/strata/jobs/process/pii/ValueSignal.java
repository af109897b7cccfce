package io.strata.jobs.process.pii;

import java.util.function.Predicate;

/**
 * The kinds of PII recognized from a column's values, most specific first: an SSN or a card
 * number also has the shape of a phone number, an IPv4 address that of a dotted one.
 */
enum ValueSignal {
  SSN(PiiKind.SSN, "US social security numbers", PiiPatterns::isUsSocialSecurityNumber),
  CREDIT_CARD(PiiKind.CREDIT_CARD, "credit card numbers (Luhn-valid)", PiiPatterns::isCreditCard),
  EMAIL(PiiKind.EMAIL, "e-mail addresses", PiiPatterns::isEmail),
  IP_ADDRESS(PiiKind.IP_ADDRESS, "IP addresses", PiiPatterns::isIpAddress),
  PHONE(PiiKind.PHONE, "phone numbers", PiiPatterns::isPhone);

  private final PiiKind kind;
  private final String evidence;
  private final Predicate<String> test;

  ValueSignal(PiiKind kind, String evidence, Predicate<String> test) {
    this.kind = kind;
    this.evidence = evidence;
    this.test = test;
  }

  PiiKind kind() {
    return kind;
  }

  /** How evidence text names values of this kind. */
  String evidence() {
    return evidence;
  }

  boolean matches(String value) {
    return test.test(value);
  }
}
