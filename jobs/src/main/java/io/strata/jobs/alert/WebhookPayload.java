package io.strata.jobs.alert;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The JSON body of a webhook alert in one of three shapes: {@code generic} (Strata's fields, for
 * a receiver of one's own), {@code slack} (an incoming webhook's {@code text}) and {@code teams}
 * (a connector's MessageCard).
 */
final class WebhookPayload {
  private static final ObjectMapper JSON = new ObjectMapper();

  private WebhookPayload() {
  }

  static String of(String preset, Alert alert) {
    ObjectNode body = switch (preset) {
      case "slack" -> slack(alert);
      case "teams" -> teams(alert);
      default -> generic(alert);
    };
    return body.toString();
  }

  private static ObjectNode generic(Alert alert) {
    ObjectNode body = JSON.createObjectNode();
    body.put("event", alert.event().configName());
    body.put("pipeline", alert.pipeline());
    body.put("run_id", alert.runId());
    body.put("run_date", alert.runDate().toString());
    alert.stage().ifPresent(stage -> body.put("stage", stage));
    body.put("title", alert.title());
    body.put("headline", alert.headline());
    ArrayNode details = body.putArray("details");
    alert.details().forEach(details::add);
    alert.link().ifPresent(link -> body.put("report", link));
    body.put("text", alert.text());
    return body;
  }

  private static ObjectNode slack(Alert alert) {
    ObjectNode body = JSON.createObjectNode();
    body.put("text", "*" + alert.title() + "*\n" + alert.text());
    return body;
  }

  private static ObjectNode teams(Alert alert) {
    ObjectNode body = JSON.createObjectNode();
    body.put("@type", "MessageCard");
    body.put("@context", "https://schema.org/extensions");
    body.put("summary", alert.title());
    body.put("title", alert.title());
    body.put("themeColor", switch (alert.event()) {
      case SUCCESS -> "2EB67D";
      case QUALITY_WARN, LONG_RUNNING -> "ECB22E";
      default -> "E01E5A";
    });
    // MessageCard text is Markdown: two spaces before a line break keep the lines apart.
    body.put("text", alert.text().strip().replace("\n", "  \n"));
    return body;
  }
}
