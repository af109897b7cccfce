package io.strata.jobs.process.pii;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PiiColumnNameHintsTest {
  @ParameterizedTest
  @CsvSource({
      "email, email", "e_mail, email", "customerEMail, email", "email_address, email", "E-Mail, email",
      "phone, phone", "mobile, phone", "phone_number, phone", "telephone, phone",
      "ssn, ssn", "social_security_number, ssn",
      "card, credit-card", "credit_card, credit-card", "cc_number, credit-card", "card_number, credit-card",
      "iban, iban", "ip, ip-address", "ip_address, ip-address", "IPAddress, ip-address", "client_ip, ip-address",
      "address, postal-address", "billing_address, postal-address", "address_line1, postal-address",
      "birth_date, birth-date", "date_of_birth, birth-date", "dob, birth-date", "birthday, birth-date",
      "passport, passport", "passport_no, passport",
      "first_name, person-name", "last_name, person-name", "full_name, person-name", "surname, person-name", "firstName, person-name"})
  void recognizesPiiNames(String column, String kind) {
    assertThat(ColumnNameHints.kindOf(column)).map(PiiKind::code).hasValue(kind);
  }

  @ParameterizedTest
  @ValueSource(strings = {"order_id", "shipping_cost", "zip_code", "sku", "name", "description", "updated_at", "tip", "cardinality", "emailed_count"})
  void leavesOtherNamesAlone(String column) {
    assertThat(ColumnNameHints.kindOf(column)).isEmpty();
  }

  @Test
  void snakeCasesNamesBeforeMatching() {
    assertThat(ColumnNameHints.snakeCase("customerEMail")).isEqualTo("customer_e_mail");
    assertThat(ColumnNameHints.snakeCase("IPAddress")).isEqualTo("ip_address");
    assertThat(ColumnNameHints.snakeCase("-Date of Birth-")).isEqualTo("date_of_birth");
  }
}
