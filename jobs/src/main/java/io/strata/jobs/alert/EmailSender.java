package io.strata.jobs.alert;

import static java.util.Objects.requireNonNull;

import io.strata.layout.config.AlertChannel;
import io.strata.layout.config.Secret;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Properties;

/**
 * Mails an alert over SMTP with Jakarta Mail. With {@code security = starttls} the connection
 * must be upgraded to TLS before the login and the message: a server that does not offer it gets
 * nothing, and the attempt fails.
 */
final class EmailSender implements AlertSender {
  private final AlertChannel.Email channel;

  EmailSender(AlertChannel.Email channel) {
    this.channel = requireNonNull(channel, "channel is null");
  }

  @Override
  public void send(Alert alert) throws MessagingException {
    String protocol = channel.security().equals("ssl") ? "smtps" : "smtp";
    Session session = Session.getInstance(properties(protocol));
    MimeMessage message = new MimeMessage(session);
    message.setFrom(new InternetAddress(channel.from()));
    message.setRecipients(Message.RecipientType.TO, InternetAddress.parse(String.join(",", channel.to())));
    message.setSubject(alert.title(), StandardCharsets.UTF_8.name());
    message.setText(alert.text(), StandardCharsets.UTF_8.name());
    message.setSentDate(new Date());
    try (Transport transport = session.getTransport(protocol)) {
      transport.connect(channel.host(), channel.port(), channel.user().orElse(null), channel.password().map(Secret::reveal).orElse(null));
      transport.sendMessage(message, message.getAllRecipients());
    }
  }

  private Properties properties(String protocol) {
    Properties properties = new Properties();
    String prefix = "mail." + protocol + ".";
    String timeout = String.valueOf(channel.timeout().toMillis());
    properties.setProperty(prefix + "connectiontimeout", timeout);
    properties.setProperty(prefix + "timeout", timeout);
    properties.setProperty(prefix + "writetimeout", timeout);
    properties.setProperty(prefix + "auth", String.valueOf(channel.user().isPresent()));
    if (channel.security().equals("starttls")) {
      properties.setProperty(prefix + "starttls.enable", "true");
      properties.setProperty(prefix + "starttls.required", "true");
    }
    if (!channel.security().equals("none")) {
      properties.setProperty(prefix + "ssl.checkserveridentity", "true");
    }
    properties.putAll(channel.properties());
    return properties;
  }
}
