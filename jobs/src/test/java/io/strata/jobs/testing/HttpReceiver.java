package io.strata.jobs.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on loopback that takes webhook alerts and metric pushes: it keeps each request's path, query
 * and body, and answers 200, or 503 for the first {@code failures} requests to a path.
 */
public final class HttpReceiver implements AutoCloseable {
  /** One request as received. */
  public record Received(String path, String query, String body) {}

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();
  private final AtomicInteger refused = new AtomicInteger();

  public HttpReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      String path = exchange.getRequestURI().getPath();
      AtomicInteger left = failuresLeft.get(path);
      int status;
      if (left != null && left.getAndDecrement() > 0) {
        refused.incrementAndGet();
        status = 503;
      } else {
        received.add(new Received(path, exchange.getRequestURI().getRawQuery(), new String(body, StandardCharsets.UTF_8)));
        status = 200;
      }
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    });
    server.start();
  }

  /** The first {@code count} requests to {@code path} get 503. */
  public HttpReceiver failFirst(String path, int count) {
    failuresLeft.put(path, new AtomicInteger(count));
    return this;
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  public List<Received> received(String path) {
    return received.stream().filter(request -> request.path().equals(path)).toList();
  }

  /** How many requests got 503. */
  public int refused() {
    return refused.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
