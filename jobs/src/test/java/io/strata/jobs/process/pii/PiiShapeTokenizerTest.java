package io.strata.jobs.process.pii;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PiiShapeTokenizerTest {
  private final ShapeTokenizer tokenizer = new ShapeTokenizer(KeyedHash.of("test-key"));

  @Test
  void keepsTheShapeOfEachCharacter() {
    for (String value : List.of("+44 20 7946 0001", "4111-1111-1111-1111", "AB12 cd34/Xy", "Zoë Ünïcode", "123-45-6789")) {
      String token = tokenizer.call(value);
      assertThat(token).as(value).hasSameSizeAs(value).isNotEqualTo(value);
      for (int i = 0; i < value.length(); i++) {
        char original = value.charAt(i);
        char tokenized = token.charAt(i);
        if (Character.isDigit(original)) {
          assertThat(tokenized).as(value + " at " + i).isBetween('0', '9');
        } else if (Character.isUpperCase(original)) {
          assertThat(tokenized).as(value + " at " + i).isBetween('A', 'Z');
        } else if (Character.isLowerCase(original)) {
          assertThat(tokenized).as(value + " at " + i).isBetween('a', 'z');
        } else {
          assertThat(tokenized).as(value + " at " + i).isEqualTo(original);
        }
      }
    }
  }

  @Test
  void anEmailStaysAnEmailWithItsTopLevelDomain() {
    String token = tokenizer.call("ada@example.com");
    assertThat(token).matches("[a-z]{3}@[a-z]{7}\\.com").isNotEqualTo("ada@example.com");
    assertThat(PiiPatterns.isEmail(token)).isTrue();
    assertThat(tokenizer.call("alan.turing+news@mail.example.co.uk")).matches("[a-z]{4}\\.[a-z]{6}\\+[a-z]{4}@[a-z]{4}\\.[a-z]{7}\\.[a-z]{2}\\.uk");
  }

  @Test
  void isDeterministicAndKeyed() {
    assertThat(tokenizer.call("4111 1111 1111 1111")).isEqualTo(new ShapeTokenizer(KeyedHash.of("test-key")).call("4111 1111 1111 1111"));
    assertThat(tokenizer.call("4111 1111 1111 1111")).isNotEqualTo(new ShapeTokenizer(KeyedHash.of("other-key")).call("4111 1111 1111 1111"));
    assertThat(tokenizer.call("grace@example.org")).isNotEqualTo(tokenizer.call("grace@example.com"));
  }

  @Test
  void handlesLongValuesBeyondOneHashBlock() {
    String value = "1234567890".repeat(20);
    assertThat(tokenizer.call(value)).matches("\\d{200}").isNotEqualTo(value);
  }

  @Test
  void nullAndEmptyStayAsTheyAre() {
    assertThat(tokenizer.call(null)).isNull();
    assertThat(tokenizer.call("")).isEmpty();
  }
}
