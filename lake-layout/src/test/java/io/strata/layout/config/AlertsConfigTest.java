package io.strata.layout.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertsConfigTest {
  private static final String BASE = """
      lake { root = "lake" }
      """;

  @TempDir Path dir;

  @Test
  void channelsAndRulesAreReadWithTheirDefaults() throws Exception {
    PipelineConfig config = ConfigText.load(dir, BASE + """
        alerts {
          report-url = "https://reports.example.com/{pipeline}/{run_id}.html"
          channels {
            ops { type = webhook, url = "env:OPS_HOOK", preset = slack }
            local { url = "http://127.0.0.1:8080/hooks/abc-token" }
            mail { type = email, host = smtp.example.com, user = alerts, password = "env:SMTP_PASSWORD", from = "strata@example.com", to = ["team@example.com"] }
          }
          rules {
            problems { on = [failure, quality-warn], channels = [ops, mail] }
            slow { on = [long-running], long-running { run = 2h, model = 30m }, channels = [local] }
          }
        }
        """, Map.of("OPS_HOOK", "https://hooks.example.com/services/T/B/X", "SMTP_PASSWORD", "pw"));

    AlertsConfig alerts = config.alerts();
    assertThat(alerts.isActive()).isTrue();
    assertThat(alerts.attempts()).isEqualTo(3);
    assertThat(alerts.backoff()).isEqualTo(Duration.ofSeconds(2));
    assertThat(alerts.reportUrl()).hasValue("https://reports.example.com/{pipeline}/{run_id}.html");
    AlertChannel.Webhook ops = (AlertChannel.Webhook) alerts.channels().get("ops");
    assertThat(ops.preset()).isEqualTo("slack");
    assertThat(ops.url().reference()).isEqualTo("env:OPS_HOOK");
    assertThat(ops.url().reveal()).isEqualTo("https://hooks.example.com/services/T/B/X");
    AlertChannel.Webhook local = (AlertChannel.Webhook) alerts.channels().get("local");
    assertThat(local.url().reference()).as("a plain URL is shown without its path, which may be a token").isEqualTo("http://127.0.0.1:8080/…");
    AlertChannel.Email mail = (AlertChannel.Email) alerts.channels().get("mail");
    assertThat(mail.security()).isEqualTo("starttls");
    assertThat(mail.port()).isEqualTo(587);
    assertThat(mail.password()).map(Secret::reference).hasValue("env:SMTP_PASSWORD");
    assertThat(alerts.rules()).extracting(AlertRule::name).containsExactly("problems", "slow");
    AlertRule problems = alerts.rules().get(0);
    assertThat(problems.listensTo(AlertEvent.QUALITY_FAIL)).as("a failed gate is a failure").isTrue();
    assertThat(problems.listensTo(AlertEvent.SUCCESS)).isFalse();
    AlertRule slow = alerts.rules().get(1);
    assertThat(slow.runLimit()).hasValue(Duration.ofHours(2));
    assertThat(slow.stageLimits()).containsExactly(Map.entry("model", Duration.ofMinutes(30)));
    assertThat(String.join("\n", config.describe())).contains("alerts.channels.local = webhook (generic) to http://127.0.0.1:8080/…")
        .contains("alerts.channels.ops = webhook (slack) to env:OPS_HOOK").doesNotContain("abc-token").doesNotContain("services/T/B/X");
  }

  @Test
  void noAlertsSectionMeansNoAlerts() throws Exception {
    assertThat(ConfigText.load(dir, BASE, Map.of()).alerts().isActive()).isFalse();
  }

  @Test
  void alertsCanBeSwitchedOff() throws Exception {
    AlertsConfig alerts = ConfigText.load(dir, BASE + """
        alerts {
          enabled = false
          channels { ops { url = "http://127.0.0.1:1/x" } }
          rules { all { on = [failure], channels = [ops] } }
        }
        """, Map.of()).alerts();
    assertThat(alerts.isActive()).isFalse();
    assertThat(alerts.reportUrl()).isEqualTo(Optional.empty());
  }

  @Test
  void mistakesNameTheKeyAndTheFix() {
    assertThat(ConfigText.problems(() -> ConfigText.load(dir, BASE + """
        alerts {
          channels {
            ops { url = "ftp://x" }
            mail { type = email, host = smtp.example.com, security = none, password = "env:P", from = "a@example.com" }
          }
          rules {
            a { on = [failure, quality-fial], channels = [opss] }
            b { on = [long-running], channels = [ops] }
            c { on = [long-running], long-running { modle = 5m }, channels = [ops] }
            d { on = [success], long-running { model = 5m }, channels = [ops] }
          }
        }
        """, Map.of("P", "pw")))).containsExactlyInAnyOrder(
            "alerts.channels.ops.url: is a literal value (not shown); secrets are never written into config files"
                + " Fix: export the value in an environment variable and write \"env:VARIABLE_NAME\", or use \"secret:KEY\" with secrets.file, or \"file:/path\"",
            "alerts.channels.mail.password: is set, but user is not Fix: add user = \"alerts@example.com\"",
            "alerts.channels.mail.security: is none, but a password is set: it would cross the network in clear"
                + " Fix: use security = starttls (or ssl), or remove the password",
            "alerts.channels.mail.to: is not set Fix: write to = [\"data-team@example.com\"]",
            "alerts.rules.a.on: names 'quality-fial', which is not an event Fix: did you mean 'quality-fail'?",
            "alerts.rules.a.channels: names 'opss', which is not a channel of alerts.channels Fix: did you mean 'ops'?",
            "alerts.rules.b.on: lists long-running, but the rule sets no limit Fix: add long-running { run = 2h, model = 30m } to rules.b",
            "alerts.rules.c.long-running.modle: is neither 'run' nor a stage Fix: did you mean 'model'?",
            "alerts.rules.c.on: lists long-running, but the rule sets no limit Fix: add long-running { run = 2h, model = 30m } to rules.c",
            "alerts.rules.d.long-running: sets limits, but on does not list long-running Fix: add long-running to rules.d.on");
  }
}
