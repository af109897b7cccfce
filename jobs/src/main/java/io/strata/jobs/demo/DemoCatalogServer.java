package io.strata.jobs.demo;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo's product catalog API on loopback: {@code GET /api/products?page=N&per_page=M
 * [&updated_since=ISO]} answers {@code {"items": [...], "page": N}} from a JSON array file,
 * sorted by {@code updated_at} then {@code sku}. Real HTTP, so the demo exercises the REST
 * source as a user's API would.
 */
public final class DemoCatalogServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final Path products;

  private DemoCatalogServer(HttpServer server, Path products) {
    this.server = server;
    this.products = products;
  }

  /** Starts on 127.0.0.1:{@code port} (0: any free port) serving the products in {@code products}. */
  public static DemoCatalogServer start(int port, Path products) throws IOException {
    requireNonNull(products, "products is null");
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    DemoCatalogServer catalog = new DemoCatalogServer(server, products);
    server.createContext("/api/products", catalog::handle);
    server.start();
    return catalog;
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/products";
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
      int page = Integer.parseInt(query.getOrDefault("page", "1"));
      int perPage = Integer.parseInt(query.getOrDefault("per_page", "100"));
      String since = query.get("updated_since");
      List<JsonNode> items = new ArrayList<>();
      for (JsonNode item : JSON.readTree(Files.readString(products))) {
        if (since == null || item.path("updated_at").asText().compareTo(since) > 0) {
          items.add(item);
        }
      }
      items.sort((a, b) -> {
        int byTime = a.path("updated_at").asText().compareTo(b.path("updated_at").asText());
        return byTime != 0 ? byTime : a.path("sku").asText().compareTo(b.path("sku").asText());
      });
      ObjectNode body = JSON.createObjectNode();
      ArrayNode pageItems = body.putArray("items");
      int from = Math.max(0, (page - 1) * perPage);
      items.subList(Math.min(from, items.size()), Math.min(from + perPage, items.size())).forEach(pageItems::add);
      body.put("page", page);
      byte[] bytes = JSON.writeValueAsBytes(body);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    } catch (RuntimeException e) {
      exchange.sendResponseHeaders(400, -1); // a malformed page or per_page
    } finally {
      exchange.close();
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> values = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return values;
    }
    for (String pair : raw.split("&")) {
      int equals = pair.indexOf('=');
      if (equals > 0) {
        values.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
      }
    }
    return values;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
