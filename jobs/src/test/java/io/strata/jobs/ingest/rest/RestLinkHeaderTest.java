package io.strata.jobs.ingest.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RestLinkHeaderTest {
  @Test
  void findsNextAmongSeveralLinks() {
    String header = "<https://api.example.com/items?page=1>; rel=\"first\", "
        + "<https://api.example.com/items?page=3>; rel=\"next\", <https://api.example.com/items?page=9>; rel=\"last\"";

    assertThat(LinkHeader.next(List.of(header))).contains("https://api.example.com/items?page=3");
  }

  @Test
  void acceptsUnquotedCaseInsensitiveAndMultiValuedRel() {
    assertThat(LinkHeader.next(List.of("</items?page=2>; rel=NEXT"))).contains("/items?page=2");
    assertThat(LinkHeader.next(List.of("</items?page=2>; title=\"a, b; c\"; rel=\"last next\""))).contains("/items?page=2");
  }

  @Test
  void readsEveryHeaderValue() {
    assertThat(LinkHeader.next(List.of("</items?page=1>; rel=\"prev\"", "</items?page=3>; rel=\"next\"")))
        .contains("/items?page=3");
  }

  @Test
  void keepsCommasInsideTheTarget() {
    assertThat(LinkHeader.next(List.of("<https://x.test/items?ids=1,2,3&page=2>; rel=\"next\""))).contains(
        "https://x.test/items?ids=1,2,3&page=2");
  }

  @Test
  void noNextWhenOnlyOtherRelationsOrNothing() {
    assertThat(LinkHeader.next(List.of("</items?page=1>; rel=\"prev\", </items?page=1>; rel=\"first\""))).isEmpty();
    assertThat(LinkHeader.next(List.of())).isEmpty();
    assertThat(LinkHeader.next(List.of("garbage without brackets; rel=next"))).isEmpty();
    assertThat(LinkHeader.next(List.of("</items?page=2>; relation=\"next\""))).isEmpty();
  }

  @Test
  void parsesTargetsAndRels() {
    assertThat(LinkHeader.parse("<a>; rel=\"next\", <b>; rel=\"prev first\""))
        .containsExactly(new LinkHeader.Link("a", List.of("next")), new LinkHeader.Link("b", List.of("prev", "first")));
  }
}
