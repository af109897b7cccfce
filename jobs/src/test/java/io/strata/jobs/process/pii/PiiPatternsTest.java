package io.strata.jobs.process.pii;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PiiPatternsTest {
  @ParameterizedTest
  @ValueSource(strings = {"4111 1111 1111 1111", "5500-0000-0000-0004", "378282246310005", "3400 0000 0000 009", "6011111111111117"})
  void luhnValidCardNumbers(String value) {
    assertThat(Luhn.isValid(value)).isTrue();
    assertThat(PiiPatterns.isCreditCard(value)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"4111 1111 1111 1112", "1234567890123", "4111  1111 1111 1111", "4111 1111 1111 1111 9999 9", "41111111111", "abcd 1111 1111 1111"})
  void notCardNumbers(String value) {
    assertThat(PiiPatterns.isCreditCard(value)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"+44 20 7946 0001", "+1 212 555 0102", "+12125550102", "(212) 555-0102", "212.555.0102", "030 5550105",
      "0044 161 555 0106", "07911123456", "+1 (617) 555-0104"})
  void phoneNumbers(String value) {
    assertThat(PiiPatterns.isPhone(value)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"2026-03-01", "01.03.2026", "1234567.89", "10002345", "555-01", "+1 2", "SKU-001", "12:30:00",
      "+1 212 555 0102 999 888 777", "phone me"})
  void notPhoneNumbers(String value) {
    assertThat(PiiPatterns.isPhone(value)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"ada@example.com", "alan.turing+news@mail.example.co.uk", "zoë@exämple.de", "o'brien@example.ie"})
  void emailAddresses(String value) {
    assertThat(PiiPatterns.isEmail(value)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"ada@", "@example.com", "ada@example", "ada example.com", "a@b@example.com", "ada@example.c"})
  void notEmailAddresses(String value) {
    assertThat(PiiPatterns.isEmail(value)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"123-45-6789", "078-05-1120"})
  void socialSecurityNumbers(String value) {
    assertThat(PiiPatterns.isUsSocialSecurityNumber(value)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"000-12-3456", "666-12-3456", "912-34-5678", "123-00-4567", "123-45-0000", "123456789", "123-456-789"})
  void notSocialSecurityNumbers(String value) {
    assertThat(PiiPatterns.isUsSocialSecurityNumber(value)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"192.168.1.10", "10.0.0.1", "255.255.255.255", "2001:db8::8a2e:370:7334", "::1", "fe80::1",
      "2001:0db8:85a3:0000:0000:8a2e:0370:7334", "::ffff:192.0.2.128"})
  void ipAddresses(String value) {
    assertThat(PiiPatterns.isIpAddress(value)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"256.1.1.1", "1.2.3", "01.2.3.4", "12:30:00", "00:1a:2b:3c:4d:5e", "2001:db8::1::2", "1:2:3:4:5:6:7:8:9", "abc"})
  void notIpAddresses(String value) {
    assertThat(PiiPatterns.isIpAddress(value)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"((((((((((((((((((((((((((((((((((((((x", "1-1-1-1-1-1-1-1-1-1-1-1-1-1-1-1-1-1-1-1-1-1-1-1-1-1-1-1-1-1-1-1-1-1-x",
      "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@"})
  void hostileValuesAreRejectedQuickly(String value) {
    assertThat(PiiPatterns.isPhone(value) || PiiPatterns.isCreditCard(value) || PiiPatterns.isEmail(value)).isFalse();
  }
}
