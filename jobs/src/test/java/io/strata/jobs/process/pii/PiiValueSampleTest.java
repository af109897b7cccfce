package io.strata.jobs.process.pii;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PiiValueSampleTest {
  @Test
  void reportsTheShareOfEmailAddressesInTheAgreedWords() {
    ValueSample sample = new ValueSample("contact");
    IntStream.range(0, 920).forEach(i -> sample.add("user" + i + "@example.com"));
    IntStream.range(0, 80).forEach(i -> sample.add("unknown"));
    sample.add(null);

    assertThat(sample.finding(0.8))
        .hasValue(new PiiFinding("contact", "email", "92% of 1,000 sampled values are e-mail addresses"));
  }

  @Test
  void staysQuietBelowTheThreshold() {
    ValueSample sample = new ValueSample("contact");
    IntStream.range(0, 7).forEach(i -> sample.add("user" + i + "@example.com"));
    IntStream.range(0, 3).forEach(i -> sample.add("n/a"));

    assertThat(sample.finding(0.8)).isEmpty();
    assertThat(sample.finding(0.7)).hasValue(new PiiFinding("contact", "email", "70% of 10 sampled values are e-mail addresses"));
  }

  @Test
  void prefersTheMostSpecificKind() {
    ValueSample ssns = new ValueSample("tax_ref");
    ssns.add("123-45-6789");
    ssns.add("078-05-1120");
    assertThat(ssns.finding(0.8)).hasValue(new PiiFinding("tax_ref", "ssn", "100% of 2 sampled values are US social security numbers"));

    ValueSample cards = new ValueSample("payment");
    cards.add("4111 1111 1111 1111");
    cards.add("378282246310005");
    assertThat(cards.finding(0.8))
        .hasValue(new PiiFinding("payment", "credit-card", "100% of 2 sampled values are credit card numbers (Luhn-valid)"));

    ValueSample hosts = new ValueSample("origin");
    hosts.add("192.168.100.200");
    hosts.add("2001:db8::1");
    assertThat(hosts.finding(0.8)).hasValue(new PiiFinding("origin", "ip-address", "100% of 2 sampled values are IP addresses"));
  }

  @Test
  void findsNothingWithoutValues() {
    ValueSample sample = new ValueSample("empty");
    sample.add(null);
    assertThat(sample.finding(0.8)).isEmpty();
  }
}
