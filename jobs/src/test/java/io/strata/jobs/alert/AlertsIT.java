package io.strata.jobs.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.strata.jobs.cli.ExitCodes;
import io.strata.jobs.runlog.RunLog;
import io.strata.jobs.runlog.RunRecord;
import io.strata.jobs.testing.HttpReceiver;
import io.strata.jobs.testing.InProcessCli;
import io.strata.jobs.testing.TestingSpark;
import io.strata.layout.LakeLayout;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alerts through {@code strata run}, as a user meets them: a real HTTP receiver and a real SMTP
 * server (GreenMail) in the test JVM, a file source with a PII column, quality checks of both
 * severities, a channel that is down. Each rule fires or stays quiet as it should, the run log
 * keeps every delivery, and no message holds a secret or a raw PII value.
 */
class AlertsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HOOK_TOKEN = "hook-token-5521";
  private static final String SMTP_PASSWORD = "smtp-pw-3390";
  private static final List<String> EMAILS = List.of("ada@example.com", "grace@example.com", "kid@example.com", "old@example.com");

  @TempDir Path dir;

  private final InProcessCli cli = new InProcessCli();
  private HttpReceiver receiver;
  private GreenMail mail;

  @BeforeAll
  static void sharedSession() {
    TestingSpark.session();
  }

  @BeforeEach
  void start() {
    try {
      receiver = new HttpReceiver().failFirst("/ops", 1);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS));
    mail.start();
    mail.setUser("strata@example.com", "strata", SMTP_PASSWORD);
  }

  @AfterEach
  void stop() {
    receiver.close();
    mail.stop();
  }

  private Path config() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Files.writeString(dir.resolve("secrets.properties"), "smtp_password=" + SMTP_PASSWORD + "\n");
    return Files.writeString(dir.resolve("alerting.conf"), """
        name = alerting
        secrets.file = secrets.properties
        lake.root = lake
        sources { people { type = file, entity = people, path = "in/*.csv" } }
        entities {
          people {
            source = people
            key = [id]
            columns {
              id { type = bigint, nullable = false }
              email { type = string, pii = mask }
              age = int
            }
          }
        }
        quality.tables."processed.people" {
          adult { type = range, column = age, min = 18, max = 120, severity = warn }
          plausible_age { type = range, column = age, min = 0, max = 150 }
        }
        alerts {
          report-url = "https://reports.example.com/{pipeline}/{run_id}.html"
          attempts = 3
          backoff = 10ms
          channels {
            ops { url = "%s" }
            chat { url = "%s", preset = slack }
            mail {
              type = email, host = 127.0.0.1, port = %d, security = ssl
              user = strata, password = "secret:smtp_password"
              from = "strata@example.com", to = ["team@example.com"]
              properties { "mail.smtps.ssl.trust" = "*", "mail.smtps.ssl.checkserveridentity" = false }
            }
            down { url = "http://127.0.0.1:%d/down" }
          }
          rules {
            problems { on = [failure, quality-warn], channels = [ops, mail, down] }
            done { on = [success], channels = [chat] }
            slow { on = [long-running], long-running { run = 1s }, channels = [chat] }
          }
        }
        """.formatted(receiver.url("/ops?token=" + HOOK_TOKEN), receiver.url("/chat"), mail.getSmtps().getPort(), closedPort));
  }

  private void csv(String name, String text) throws Exception {
    Files.createDirectories(dir.resolve("in"));
    Files.writeString(dir.resolve("in").resolve(name), text);
  }

  private List<String> everyMessage() throws Exception {
    List<String> messages = new ArrayList<>();
    receiver.received().forEach(request -> messages.add(request.body()));
    for (MimeMessage message : mail.getReceivedMessages()) {
      messages.add(message.getSubject() + "\n" + GreenMailUtil.getBody(message));
    }
    return messages;
  }

  @Test
  void eachRuleFiresOrStaysQuietAndNoMessageHoldsASecretOrAPiiValue() throws Exception {
    Path config = config();
    csv("day1.csv", "id,email,age\n1,ada@example.com,36\n2,grace@example.com,45\n3,kid@example.com,12\n");

    int day1 = cli.run("run", "--config", config.toString(), "--run-date", "2026-03-01", "--to", "quality");

    assertThat(day1).as(cli.out() + cli.err()).isEqualTo(0);
    // quality-warn: the ops webhook (after one 503), the mail, and the channel that is down, which does not fail the run.
    List<HttpReceiver.Received> ops = receiver.received("/ops");
    assertThat(receiver.refused()).isEqualTo(1);
    assertThat(ops).singleElement().satisfies(request -> assertThat(request.query()).isEqualTo("token=" + HOOK_TOKEN));
    JsonNode warn = JSON.readTree(ops.get(0).body());
    assertThat(warn.get("event").asText()).isEqualTo("quality-warn");
    assertThat(warn.get("pipeline").asText()).isEqualTo("alerting");
    assertThat(warn.get("run_date").asText()).isEqualTo("2026-03-01");
    assertThat(warn.get("stage").asText()).isEqualTo("quality");
    assertThat(warn.get("headline").asText()).isEqualTo("1 check of severity warn did not pass");
    assertThat(warn.get("details").get(0).asText()).isEqualTo("processed.people: adult WARN: 1 of 3 rows have age outside [18..120]");
    String runId = warn.get("run_id").asText();
    assertThat(warn.get("report").asText()).isEqualTo("https://reports.example.com/alerting/" + runId + ".html");
    assertThat(mail.getReceivedMessages()).singleElement()
        .satisfies(message -> assertThat(message.getSubject()).isEqualTo("[strata] alerting 2026-03-01: 1 check of severity warn did not pass"));
    // success and long-running (the run takes more than its 1 s limit) go to chat only.
    List<String> chat = new ArrayList<>();
    for (HttpReceiver.Received request : receiver.received("/chat")) {
      chat.add(JSON.readTree(request.body()).get("text").asText());
    }
    assertThat(chat).hasSize(2);
    assertThat(chat).anySatisfy(text -> assertThat(text).startsWith("*[strata] alerting 2026-03-01: the run is still running after 1s*"));
    assertThat(chat).anySatisfy(text -> assertThat(text).startsWith("*[strata] alerting 2026-03-01: run succeeded in ")
        .contains("stages: ingest, process, quality"));
    assertThat(cli.out()).contains("alert quality-warn sent to ops", "alert quality-warn sent to mail", "alert success sent to chat")
        .containsPattern("warning: alert quality-warn to down failed after 3 attempts: \\w+Exception.* from http://127\\.0\\.0\\.1:\\d+/… \\(the run goes on\\)");

    List<RunRecord> alertLines = new RunLog(TestingSpark.session(), new LakeLayout(dir.resolve("lake").toUri())).recent(1).stream()
        .filter(record -> record.stage().equals(RunRecord.ALERT)).toList();
    assertThat(alertLines).extracting(RunRecord::target, RunRecord::status).containsExactlyInAnyOrder(
        tuple("ops/quality-warn/quality", RunRecord.Status.SUCCESS),
        tuple("mail/quality-warn/quality", RunRecord.Status.SUCCESS),
        tuple("down/quality-warn/quality", RunRecord.Status.FAILED),
        tuple("chat/long-running", RunRecord.Status.SUCCESS),
        tuple("chat/success", RunRecord.Status.SUCCESS));
    assertThat(alertLines).filteredOn(record -> record.target().startsWith("ops/")).singleElement()
        .satisfies(record -> assertThat(record.details()).contains("\"attempts\":2"));
    assertThat(alertLines).filteredOn(record -> record.target().startsWith("down/")).singleElement()
        .satisfies(record -> assertThat(record.details()).contains("\"attempts\":3"));

    // Day 2: a row fails a check of severity fail: failure rules fire (as quality-fail), success stays quiet.
    csv("day2.csv", "id,email,age\n4,old@example.com,200\n");

    int day2 = cli.run("run", "--config", config.toString(), "--run-date", "2026-03-02", "--to", "quality");

    assertThat(day2).isEqualTo(ExitCodes.QUALITY_GATE_FAILED);
    JsonNode failed = JSON.readTree(receiver.received("/ops").get(receiver.received("/ops").size() - 1).body());
    assertThat(failed.get("event").asText()).isEqualTo("quality-fail");
    assertThat(failed.get("details").get(0).asText()).startsWith("processed.people: plausible_age (range, FAIL): 1 of 4 rows have age outside [0..150]");
    assertThat(receiver.received("/chat").stream().filter(request -> request.body().contains("run succeeded")).count())
        .as("no success alert for a failed run").isEqualTo(1);

    for (String message : everyMessage()) {
      assertThat(message).doesNotContain(HOOK_TOKEN).doesNotContain(SMTP_PASSWORD);
      EMAILS.forEach(email -> assertThat(message).as("a raw PII value in an alert").doesNotContain(email));
    }
    assertThat(cli.out() + cli.err()).doesNotContain(HOOK_TOKEN).doesNotContain(SMTP_PASSWORD);
  }
}
