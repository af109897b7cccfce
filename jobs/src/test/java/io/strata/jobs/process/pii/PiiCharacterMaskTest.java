package io.strata.jobs.process.pii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PiiCharacterMaskTest {
  private final CharacterMask lastFour = new CharacterMask(4, false, "*");

  @Test
  void keepsTheLastFourDigitsAndTheSeparators() {
    assertThat(lastFour.call("+1 212 555 0102")).isEqualTo("+* *** *** 0102");
    assertThat(lastFour.call("4111 1111 1111 1111")).isEqualTo("**** **** **** 1111");
    assertThat(lastFour.call("(212) 555-0102")).isEqualTo("(***) ***-0102");
  }

  @Test
  void countsKeptCharactersOverLettersAndDigitsOnly() {
    assertThat(lastFour.call("12-34-5-6")).isEqualTo("**-34-5-6");
  }

  @Test
  void masksLettersToo() {
    assertThat(lastFour.call("ada.lovelace@example.com")).isEqualTo("***.********@******e.com");
  }

  @Test
  void keepsTheFirstCharactersWhenAsked() {
    assertThat(new CharacterMask(2, true, "#").call("Ada Lovelace")).isEqualTo("Ad# ########");
    assertThat(new CharacterMask(3, true, "x").call("Zoë Ünïcode")).isEqualTo("Zoë xxxxxxx");
  }

  @Test
  void masksAValueNoLongerThanTheKeptPartWhole() {
    assertThat(lastFour.call("0102")).isEqualTo("****");
    assertThat(lastFour.call("1-2")).isEqualTo("*-*");
  }

  @Test
  void keepZeroMasksEverything() {
    assertThat(new CharacterMask(0, false, "*").call("A1-b2")).isEqualTo("**-**");
  }

  @Test
  void nullAndEmptyStayAsTheyAre() {
    assertThat(lastFour.call(null)).isNull();
    assertThat(lastFour.call("")).isEmpty();
  }

  @Test
  void refusesAMaskOfMoreThanOneCharacter() {
    assertThatThrownBy(() -> new CharacterMask(4, false, "**"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maskChar is '**', not one character");
  }

  @Test
  void refusesANegativeKeep() {
    assertThatThrownBy(() -> new CharacterMask(-1, false, "*"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("keep is -1, not zero or more");
  }
}
