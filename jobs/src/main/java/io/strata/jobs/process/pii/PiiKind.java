package io.strata.jobs.process.pii;

/** A kind of personal data that detection recognizes. */
public enum PiiKind {
  EMAIL("email", "e-mail addresses"),
  PHONE("phone", "phone numbers"),
  SSN("ssn", "US social security numbers"),
  CREDIT_CARD("credit-card", "credit card numbers"),
  IP_ADDRESS("ip-address", "IP addresses"),
  IBAN("iban", "bank account numbers (IBAN)"),
  POSTAL_ADDRESS("postal-address", "postal addresses"),
  BIRTH_DATE("birth-date", "dates of birth"),
  PASSPORT("passport", "passport numbers"),
  NATIONAL_ID("national-id", "national identity or tax numbers"),
  PERSON_NAME("person-name", "personal names");

  private final String code;
  private final String description;

  PiiKind(String code, String description) {
    this.code = code;
    this.description = description;
  }

  /** The short name in a {@link PiiFinding}, e.g. {@code email}. */
  public String code() {
    return code;
  }

  /** A plural noun phrase for evidence text, e.g. {@code e-mail addresses}. */
  public String description() {
    return description;
  }
}
