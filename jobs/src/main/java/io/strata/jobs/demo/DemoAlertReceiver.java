package io.strata.jobs.demo;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A webhook receiver on loopback for the demo's alerts: it prints the title and the details of
 * each alert it gets, so the demo shows what a team's chat or mailbox would receive.
 */
public final class DemoAlertReceiver implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final PrintWriter out;
  private final List<String> titles = new CopyOnWriteArrayList<>();

  private DemoAlertReceiver(HttpServer server, PrintWriter out) {
    this.server = server;
    this.out = out;
  }

  public static DemoAlertReceiver start(PrintWriter out) throws IOException {
    requireNonNull(out, "out is null");
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    DemoAlertReceiver receiver = new DemoAlertReceiver(server, out);
    server.createContext("/alerts", receiver::handle);
    server.start();
    return receiver;
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/alerts";
  }

  /** The titles of the alerts received so far, in order. */
  public List<String> titles() {
    return List.copyOf(titles);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      JsonNode alert = JSON.readTree(in);
      String title = alert.path("title").asText();
      titles.add(title);
      StringBuilder lines = new StringBuilder("  demo alert receiver got: " + title);
      alert.path("details").forEach(detail -> lines.append(System.lineSeparator()).append("    - ").append(detail.asText()));
      synchronized (out) {
        out.println(lines);
        out.flush();
      }
      exchange.sendResponseHeaders(204, -1);
    } catch (IOException | RuntimeException e) {
      exchange.sendResponseHeaders(400, -1);
    } finally {
      exchange.close();
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
