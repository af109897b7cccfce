package io.strata.jobs.ingest.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.layout.StrataException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RestRecordsExtractorTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String URL = "https://api.test/items?page=1";
  private static final SecretMasker MASKER = new SecretMasker(Set.of(), Set.of("tok-123"));

  private static RecordsExtractor extractor(String path) {
    return new RecordsExtractor("orders", path, JSON, MASKER);
  }

  private static List<String> records(String path, String body) {
    RecordsExtractor extractor = extractor(path);
    return extractor.records(extractor.parse(body, URL), URL).stream().map(JsonNode::toString).toList();
  }

  @Test
  void emptyPathIsTheBodyItself() {
    assertThat(records("", "[{\"id\":1},{\"id\":2}]")).containsExactly("{\"id\":1}", "{\"id\":2}");
  }

  @Test
  void dottedPathFindsNestedArray() {
    assertThat(records("data.items", "{\"data\":{\"items\":[{\"id\":1}],\"total\":1}}")).containsExactly("{\"id\":1}");
    assertThat(records("data", "{\"data\":[]}")).isEmpty();
    assertThat(records("pages.0.items", "{\"pages\":[{\"items\":[3]}]}")).containsExactly("3");
  }

  @Test
  void missingArrayNamesSourceUrlAndPath() {
    assertThatThrownBy(() -> records("data.items", "{\"data\":{\"rows\":[]}}"))
        .isInstanceOf(StrataException.class)
        .hasMessage("REST source 'orders': the response of GET https://api.test/items?page=1 has no array at"
            + " records-path 'data.items' (found nothing). Fix sources.orders.records-path: the dotted path of the"
            + " records array in the body");
    assertThatThrownBy(() -> records("", "{\"data\":[]}"))
        .isInstanceOf(StrataException.class)
        .hasMessageContaining("has no array at records-path '' (the body itself) (found an object)");
    assertThatThrownBy(() -> records("data", "{\"data\":\"none\"}"))
        .isInstanceOf(StrataException.class)
        .hasMessageContaining("has no array at records-path 'data' (found a string)");
  }

  @Test
  void notJsonNamesSourceUrlAndMasksTheBody() {
    assertThatThrownBy(() -> records("data", "<html>token tok-123 rejected</html>"))
        .isInstanceOf(StrataException.class)
        .hasMessage("REST source 'orders': the response of GET https://api.test/items?page=1 is not JSON (at line 1,"
            + " column 1; it begins with '<html>token *** rejected</html>'). Check sources.orders.url: it must answer"
            + " with JSON")
        .hasMessageNotContaining("tok-123");
    assertThatThrownBy(() -> records("data", ""))
        .isInstanceOf(StrataException.class)
        .hasMessage("REST source 'orders': the response of GET https://api.test/items?page=1 has an empty body, not JSON."
            + " Check sources.orders.url");
  }

  @Test
  void jsonPathsTreatNullAndEmptyAsNoText() throws Exception {
    JsonNode body = JSON.readTree("{\"a\":{\"b\":\"x\",\"n\":null,\"e\":\"\",\"num\":7}}");

    assertThat(JsonPaths.text(body, "a.b")).contains("x");
    assertThat(JsonPaths.text(body, "a.num")).contains("7");
    assertThat(JsonPaths.text(body, "a.n")).isEmpty();
    assertThat(JsonPaths.text(body, "a.e")).isEmpty();
    assertThat(JsonPaths.text(body, "a.missing")).isEmpty();
    assertThat(JsonPaths.text(body, "a.b.c")).isEmpty();
    assertThat(JsonPaths.text(body, "a")).isEmpty();
  }
}
