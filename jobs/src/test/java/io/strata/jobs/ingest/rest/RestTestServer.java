package io.strata.jobs.ingest.rest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/** A real HTTP server on 127.0.0.1 (the JDK's), answering GETs with what the test says, and keeping every request. */
final class RestTestServer implements AutoCloseable {
  /** A request as the server saw it. */
  record Request(URI uri, Map<String, List<String>> headers) {
    Optional<String> param(String name) {
      return QueryParams.value(uri, name);
    }

    Optional<String> header(String name) {
      return headers.entrySet().stream()
          .filter(entry -> entry.getKey().equalsIgnoreCase(name))
          .flatMap(entry -> entry.getValue().stream())
          .findFirst();
    }
  }

  /** What to answer. */
  record Response(int status, String body, Map<String, String> headers) {
    static Response json(String body) {
      return new Response(200, body, Map.of());
    }

    static Response status(int status, String body) {
      return new Response(status, body, Map.of());
    }

    Response withHeader(String name, String value) {
      Map<String, String> copy = new java.util.LinkedHashMap<>(headers);
      copy.put(name, value);
      return new Response(status, body, copy);
    }
  }

  private final HttpServer server;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
    Thread thread = new Thread(runnable, "rest-test-server");
    thread.setDaemon(true);
    return thread;
  });

  private RestTestServer(HttpServer server) {
    this.server = server;
  }

  static RestTestServer start(Function<Request, Response> handler) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      RestTestServer result = new RestTestServer(server);
      server.createContext("/", exchange -> result.answer(exchange, handler));
      server.setExecutor(result.executor); // a slow answer must not hold up the next request
      server.start();
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code http://127.0.0.1:PORT} + {@code pathAndQuery}. */
  URI url(String pathAndQuery) {
    return URI.create(base() + pathAndQuery);
  }

  String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void answer(HttpExchange exchange, Function<Request, Response> handler) throws IOException {
    try (exchange) {
      Request request = new Request(exchange.getRequestURI(), Map.copyOf(exchange.getRequestHeaders()));
      requests.add(request);
      Response response;
      try {
        response = handler.apply(request);
      } catch (RuntimeException e) {
        response = Response.status(500, "test handler failed: " + e);
      }
      byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
      response.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
      if (!exchange.getResponseHeaders().containsKey("Content-Type")) {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
      }
      exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    }
  }
}
