package io.strata.layout.config;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Where alerts go: a webhook that takes a JSON POST, or a mailbox over SMTP. */
public sealed interface AlertChannel {
  String name();

  /** How long one delivery attempt may take. */
  Duration timeout();

  /** What it is and where it goes, without a secret: for the effective settings and for messages. */
  String describe();

  List<String> PRESETS = List.of("generic", "slack", "teams");
  List<String> SECURITY = List.of("starttls", "ssl", "none");

  /**
   * @param url a secret: Slack's and Teams' webhook URLs carry their token in the path; a plain
   *     URL in the config is accepted too, and is then printed as its scheme and host only
   * @param preset the payload's shape: {@code generic} (Strata's fields), {@code slack}, {@code teams}
   */
  record Webhook(String name, Secret url, String preset, Map<String, String> headers, Duration timeout) implements AlertChannel {
    public Webhook {
      requireNonNull(name, "name is null");
      requireNonNull(url, "url is null");
      requireNonNull(preset, "preset is null");
      headers = java.util.Collections.unmodifiableMap(new TreeMap<>(requireNonNull(headers, "headers is null")));
      requireNonNull(timeout, "timeout is null");
    }

    @Override
    public String describe() {
      return "webhook (" + preset + ") to " + url.reference();
    }
  }

  /**
   * @param security {@code starttls} (the default: the connection must be upgraded before
   *     anything is sent), {@code ssl} (TLS from the first byte, usually port 465) or {@code none}
   * @param properties Jakarta Mail settings passed through, e.g. {@code mail.smtp.ssl.trust}
   */
  record Email(String name, String host, int port, String security, Optional<String> user, Optional<Secret> password, String from,
      List<String> to, Map<String, String> properties, Duration timeout) implements AlertChannel {
    public Email {
      requireNonNull(name, "name is null");
      requireNonNull(host, "host is null");
      requireNonNull(security, "security is null");
      requireNonNull(user, "user is null");
      requireNonNull(password, "password is null");
      requireNonNull(from, "from is null");
      to = List.copyOf(requireNonNull(to, "to is null"));
      properties = java.util.Collections.unmodifiableMap(new TreeMap<>(requireNonNull(properties, "properties is null")));
      requireNonNull(timeout, "timeout is null");
    }

    @Override
    public String describe() {
      return "email via " + host + ":" + port + " (" + security + ") to " + String.join(", ", to);
    }
  }

  static AlertChannel parse(String name, SectionReader reader) {
    String type = reader.choice("type", "webhook", List.of("webhook", "email"));
    Duration timeout = reader.duration("timeout", Duration.ofSeconds(10), Duration.ofMillis(100));
    AlertChannel channel = type.equals("email") ? email(name, reader, timeout) : webhook(name, reader, timeout);
    reader.finish();
    return channel;
  }

  private static Webhook webhook(String name, SectionReader reader, Duration timeout) {
    String preset = reader.choice("preset", "generic", PRESETS);
    Map<String, String> headers = reader.stringMap("headers");
    String url = reader.requiredString("url", "write url = \"env:SLACK_WEBHOOK_URL\" (a secret reference) or a plain https:// URL");
    if (url.isEmpty()) {
      return new Webhook(name, Secret.of("missing", ""), preset, headers, timeout);
    }
    if (url.startsWith("http://") || url.startsWith("https://")) {
      try {
        URI uri = URI.create(url);
        if (uri.getHost() == null || uri.getUserInfo() != null) {
          throw new IllegalArgumentException("no host, or credentials in the URL");
        }
        // The path of a chat webhook is its token: only the scheme and host are ever shown.
        return new Webhook(name, Secret.of(uri.getScheme() + "://" + uri.getAuthority() + "/…", url), preset, headers, timeout);
      } catch (IllegalArgumentException e) {
        reader.problem("url", "is not a valid URL with a host (and without credentials)",
            "write url = \"https://hooks.example.com/...\", or a secret reference such as url = \"env:WEBHOOK_URL\"");
        return new Webhook(name, Secret.of("invalid", ""), preset, headers, timeout);
      }
    }
    return new Webhook(name, reader.requiredDeferredSecret("url", "write url = \"env:SLACK_WEBHOOK_URL\""), preset, headers, timeout);
  }

  private static Email email(String name, SectionReader reader, Duration timeout) {
    String host = reader.requiredString("host", "write host = \"smtp.example.com\"");
    String security = reader.choice("security", "starttls", SECURITY);
    int port = reader.integer("port", security.equals("ssl") ? 465 : 587, 1, 65535);
    Optional<String> user = reader.optionalString("user");
    Optional<Secret> password = reader.has("password")
        ? Optional.of(reader.requiredDeferredSecret("password", "write password = \"env:SMTP_PASSWORD\"")) : Optional.empty();
    if (password.isPresent() && user.isEmpty()) {
      reader.problem("password", "is set, but user is not", "add user = \"alerts@example.com\"");
    }
    if (password.isPresent() && security.equals("none")) {
      reader.problem("security", "is none, but a password is set: it would cross the network in clear",
          "use security = starttls (or ssl), or remove the password");
    }
    String from = reader.requiredString("from", "write from = \"strata@example.com\"");
    List<String> to = reader.stringList("to");
    if (to.isEmpty()) {
      reader.problem("to", "is not set", "write to = [\"data-team@example.com\"]");
    }
    Map<String, String> properties = reader.stringMap("properties");
    return new Email(name, host, port, security, user, password, from, to, properties, timeout);
  }
}
