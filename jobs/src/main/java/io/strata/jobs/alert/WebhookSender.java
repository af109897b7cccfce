package io.strata.jobs.alert;

import static java.util.Objects.requireNonNull;

import io.strata.layout.config.AlertChannel;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** POSTs an alert as JSON; anything but a 2xx answer is a failed attempt. */
final class WebhookSender implements AlertSender {
  private final AlertChannel.Webhook channel;
  private final HttpClient client;

  WebhookSender(AlertChannel.Webhook channel) {
    this.channel = requireNonNull(channel, "channel is null");
    this.client = HttpClient.newBuilder().connectTimeout(channel.timeout()).build();
  }

  @Override
  public void send(Alert alert) throws IOException, InterruptedException {
    HttpRequest.Builder request;
    try {
      request = HttpRequest.newBuilder(URI.create(channel.url().reveal().strip()));
    } catch (RuntimeException e) {
      // The JDK's message quotes the whole URL, token included: name the reference only.
      throw new IOException("the webhook URL from " + channel.url().reference() + " is not a valid http(s) URL");
    }
    request.timeout(channel.timeout())
        .header("Content-Type", "application/json; charset=utf-8")
        .POST(HttpRequest.BodyPublishers.ofString(WebhookPayload.of(channel.preset(), alert), StandardCharsets.UTF_8));
    channel.headers().forEach(request::header);
    HttpResponse<Void> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.discarding());
    } catch (IOException e) {
      // The URL may hold a token: the message names the channel's reference, never the URL.
      throw new IOException(e.getClass().getSimpleName() + " from " + channel.url().reference(), e);
    }
    if (response.statusCode() / 100 != 2) {
      throw new IOException("HTTP " + response.statusCode() + " from " + channel.url().reference());
    }
  }
}
