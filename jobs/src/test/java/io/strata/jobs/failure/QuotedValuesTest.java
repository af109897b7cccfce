package io.strata.jobs.failure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QuotedValuesTest {
  @Test
  void whatAnErrorQuotesIsLeftOutAndTheRestStays() {
    assertThat(QuotedValues.leftOut("[CAST_INVALID_INPUT] The value 'ann@example.com' of the type \"STRING\" cannot be cast to \"BIGINT\""))
        .isEqualTo("[CAST_INVALID_INPUT] The value '…' of the type \"…\" cannot be cast to \"…\"");
    assertThat(QuotedValues.leftOut("no quotes here")).isEqualTo("no quotes here");
  }
}
