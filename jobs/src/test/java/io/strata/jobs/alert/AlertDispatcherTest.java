package io.strata.jobs.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.strata.jobs.testing.HttpReceiver;
import io.strata.layout.config.AlertChannel;
import io.strata.layout.config.AlertEvent;
import io.strata.layout.config.AlertRule;
import io.strata.layout.config.AlertsConfig;
import io.strata.layout.config.Secret;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Deliveries to a real HTTP receiver and a real SMTP server (GreenMail): payloads, retries, channels that are down. */
class AlertDispatcherTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MAIL_PASSWORD = "mail-pw-7781";
  private static final Alert FAILED = new Alert(AlertEvent.FAILURE, "shop", "20260301T010203-abcd1234", LocalDate.of(2026, 3, 1),
      Optional.of("model"), "stage model failed after 12.0 s", List.of("fact_sales: a reason"), Optional.of("https://reports.example.com/r.html"));

  private HttpReceiver receiver;
  private GreenMail mail;

  @BeforeEach
  void start() throws Exception {
    receiver = new HttpReceiver();
    mail = new GreenMail(new ServerSetup[] {new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
        new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS)});
    mail.start();
    mail.setUser("strata@example.com", "strata", MAIL_PASSWORD);
  }

  @AfterEach
  void stop() {
    receiver.close();
    mail.stop();
  }

  private static AlertsConfig config(Map<String, AlertChannel> channels, AlertRule... rules) {
    return new AlertsConfig(true, Optional.empty(), channels, List.of(rules), 3, Duration.ofMillis(10));
  }

  private static AlertRule rule(String name, Set<AlertEvent> on, String... channels) {
    return new AlertRule(name, on, Optional.empty(), Map.of(), List.of(channels));
  }

  private AlertChannel.Webhook webhook(String name, String path, String preset) {
    return new AlertChannel.Webhook(name, Secret.of("env:HOOK_" + name, receiver.url(path)), preset, Map.of(), Duration.ofSeconds(5));
  }

  private AlertChannel.Email email(String name, String security, int port, Map<String, String> properties) {
    return new AlertChannel.Email(name, "127.0.0.1", port, security, Optional.of("strata"), Optional.of(Secret.of("env:SMTP_PASSWORD", MAIL_PASSWORD)),
        "strata@example.com", List.of("team@example.com"), properties, Duration.ofSeconds(5));
  }

  @Test
  void eachPresetPostsItsShape() throws Exception {
    Map<String, AlertChannel> channels = new LinkedHashMap<>();
    channels.put("generic", webhook("generic", "/generic", "generic"));
    channels.put("slack", webhook("slack", "/slack", "slack"));
    channels.put("teams", webhook("teams", "/teams", "teams"));
    AlertDispatcher dispatcher = new AlertDispatcher(config(channels, rule("all", Set.of(AlertEvent.FAILURE), "generic", "slack", "teams")));

    List<AlertDelivery> deliveries = dispatcher.dispatch(FAILED);

    assertThat(deliveries).extracting(AlertDelivery::channel, AlertDelivery::delivered, AlertDelivery::attempts)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("generic", true, 1), org.assertj.core.groups.Tuple.tuple("slack", true, 1),
            org.assertj.core.groups.Tuple.tuple("teams", true, 1));
    JsonNode generic = JSON.readTree(receiver.received("/generic").get(0).body());
    assertThat(generic.get("event").asText()).isEqualTo("failure");
    assertThat(generic.get("pipeline").asText()).isEqualTo("shop");
    assertThat(generic.get("run_id").asText()).isEqualTo("20260301T010203-abcd1234");
    assertThat(generic.get("run_date").asText()).isEqualTo("2026-03-01");
    assertThat(generic.get("stage").asText()).isEqualTo("model");
    assertThat(generic.get("headline").asText()).isEqualTo("stage model failed after 12.0 s");
    assertThat(generic.get("details").get(0).asText()).isEqualTo("fact_sales: a reason");
    assertThat(generic.get("report").asText()).isEqualTo("https://reports.example.com/r.html");
    JsonNode slack = JSON.readTree(receiver.received("/slack").get(0).body());
    assertThat(slack.get("text").asText()).startsWith("*[strata] shop 2026-03-01: stage model failed after 12.0 s*\n")
        .contains("run id: 20260301T010203-abcd1234").contains("- fact_sales: a reason").contains("report: https://reports.example.com/r.html");
    JsonNode teams = JSON.readTree(receiver.received("/teams").get(0).body());
    assertThat(teams.get("@type").asText()).isEqualTo("MessageCard");
    assertThat(teams.get("title").asText()).isEqualTo("[strata] shop 2026-03-01: stage model failed after 12.0 s");
    assertThat(teams.get("themeColor").asText()).isEqualTo("E01E5A");
  }

  @Test
  void onlyRulesThatListenSendAndAChannelGetsOneMessagePerAlert() {
    Map<String, AlertChannel> channels = new LinkedHashMap<>();
    channels.put("a", webhook("a", "/a", "generic"));
    channels.put("b", webhook("b", "/b", "generic"));
    AlertDispatcher dispatcher = new AlertDispatcher(config(channels,
        rule("failures", Set.of(AlertEvent.FAILURE), "a"),
        rule("quality", Set.of(AlertEvent.QUALITY_FAIL, AlertEvent.QUALITY_WARN), "a", "b"),
        rule("done", Set.of(AlertEvent.SUCCESS), "b")));
    Alert gate = new Alert(AlertEvent.QUALITY_FAIL, "shop", "r1", LocalDate.of(2026, 3, 1), Optional.of("quality"), "quality gate failed",
        List.of(), Optional.empty());
    Alert warn = new Alert(AlertEvent.QUALITY_WARN, "shop", "r1", LocalDate.of(2026, 3, 1), Optional.of("quality"), "1 check", List.of(),
        Optional.empty());

    assertThat(dispatcher.channelsFor(gate)).containsExactly("a", "b");
    assertThat(dispatcher.channelsFor(warn)).containsExactly("a", "b");
    assertThat(dispatcher.channelsFor(FAILED)).containsExactly("a");
    dispatcher.dispatch(gate);

    assertThat(receiver.received("/a")).hasSize(1);
    assertThat(receiver.received("/b")).hasSize(1);
  }

  @Test
  void aChannelThatFailsIsRetriedAndOneThatIsDownIsReportedNotThrown() throws Exception {
    receiver.failFirst("/flaky", 2);
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Map<String, AlertChannel> channels = new LinkedHashMap<>();
    channels.put("flaky", webhook("flaky", "/flaky", "generic"));
    channels.put("busy", webhook("busy", "/busy", "generic"));
    channels.put("down", new AlertChannel.Webhook("down", Secret.of("env:DOWN_HOOK", "http://127.0.0.1:" + closedPort + "/hook/t0ken-9931"),
        "generic", Map.of(), Duration.ofSeconds(2)));
    receiver.failFirst("/busy", 100);
    AlertDispatcher dispatcher = new AlertDispatcher(config(channels, rule("all", Set.of(AlertEvent.FAILURE), "flaky", "busy", "down")));

    List<AlertDelivery> deliveries = dispatcher.dispatch(FAILED);

    assertThat(deliveries.get(0)).satisfies(delivery -> {
      assertThat(delivery.delivered()).isTrue();
      assertThat(delivery.attempts()).isEqualTo(3);
    });
    assertThat(receiver.received("/flaky")).hasSize(1);
    assertThat(deliveries.get(1)).satisfies(delivery -> {
      assertThat(delivery.delivered()).isFalse();
      assertThat(delivery.attempts()).isEqualTo(3);
      assertThat(delivery.error()).hasValue("IOException: HTTP 503 from env:HOOK_busy");
    });
    assertThat(deliveries.get(2)).satisfies(delivery -> {
      assertThat(delivery.delivered()).isFalse();
      assertThat(delivery.attempts()).isEqualTo(3);
      assertThat(delivery.error()).hasValueSatisfying(error -> assertThat(error).startsWith("IOException: ").endsWith(" from env:DOWN_HOOK")
          .doesNotContain("t0ken-9931"));
    });
  }

  @Test
  void aWebhookSecretThatIsNoUrlIsReportedByItsReferenceNeverItsValue() {
    AlertChannel.Webhook broken = new AlertChannel.Webhook("broken", Secret.of("env:BROKEN_HOOK", "https://hooks.example.com/T0/B0/t0ken 42\n"),
        "slack", Map.of(), Duration.ofSeconds(1));
    AlertDispatcher dispatcher = new AlertDispatcher(config(Map.of("broken", broken), rule("all", Set.of(AlertEvent.FAILURE), "broken")));

    assertThat(dispatcher.dispatch(FAILED)).singleElement().satisfies(delivery -> assertThat(delivery.error())
        .hasValue("IOException: the webhook URL from env:BROKEN_HOOK is not a valid http(s) URL"));
  }

  @Test
  void mailGoesOverSslWithLoginAndSaysWhatHappened() throws Exception {
    AlertChannel.Email channel = email("mail", "ssl", mail.getSmtps().getPort(),
        Map.of("mail.smtps.ssl.trust", "*", "mail.smtps.ssl.checkserveridentity", "false"));
    AlertDispatcher dispatcher = new AlertDispatcher(config(Map.of("mail", channel), rule("all", Set.of(AlertEvent.FAILURE), "mail")));

    List<AlertDelivery> deliveries = dispatcher.dispatch(FAILED);

    assertThat(deliveries).singleElement().satisfies(delivery -> assertThat(delivery.error()).isEmpty());
    MimeMessage[] received = mail.getReceivedMessages();
    assertThat(received).hasSize(1);
    assertThat(received[0].getSubject()).isEqualTo("[strata] shop 2026-03-01: stage model failed after 12.0 s");
    assertThat(received[0].getAllRecipients()).extracting(Object::toString).containsExactly("team@example.com");
    assertThat(GreenMailUtil.getBody(received[0])).contains("pipeline: shop").contains("stage: model").contains("- fact_sales: a reason")
        .doesNotContain(MAIL_PASSWORD);
  }

  @Test
  void starttlsRequiredSendsNothingToAServerThatDoesNotOfferIt() {
    AlertChannel.Email channel = email("mail", "starttls", mail.getSmtp().getPort(), Map.of());
    AlertDispatcher dispatcher = new AlertDispatcher(new AlertsConfig(true, Optional.empty(), Map.of("mail", channel),
        List.of(rule("all", Set.of(AlertEvent.FAILURE), "mail")), 1, Duration.ofMillis(10)));

    List<AlertDelivery> deliveries = dispatcher.dispatch(FAILED);

    assertThat(deliveries).singleElement().satisfies(delivery -> {
      assertThat(delivery.delivered()).isFalse();
      assertThat(delivery.error()).hasValueSatisfying(error -> assertThat(error).contains("STARTTLS").doesNotContain(MAIL_PASSWORD));
    });
    assertThat(mail.getReceivedMessages()).as("no credentials and no message in clear").isEmpty();
  }
}
