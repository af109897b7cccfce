package io.strata.bench.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The suppliers' REST endpoint on loopback, as a user's API would serve them:
 * {@code GET /api/suppliers?page=N&per_page=M} answers {@code {"items": [...]}}, one page of the
 * suppliers file's rows as JSON objects; a page past the end is empty.
 */
final class SupplierApi implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final List<ObjectNode> suppliers;

  private SupplierApi(HttpServer server, List<ObjectNode> suppliers) {
    this.server = server;
    this.suppliers = suppliers;
  }

  static SupplierApi start(Path suppliersCsv) throws IOException {
    List<ObjectNode> suppliers = new ArrayList<>();
    List<String> lines = Files.readAllLines(suppliersCsv);
    String[] header = lines.get(0).split(",");
    for (String line : lines.subList(1, lines.size())) {
      String[] fields = line.split(",", -1);
      ObjectNode supplier = JSON.createObjectNode();
      supplier.put(header[0], Long.parseLong(fields[0]));
      for (int i = 1; i < header.length; i++) {
        supplier.put(header[i], fields[i]);
      }
      suppliers.add(supplier);
    }
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    SupplierApi api = new SupplierApi(server, suppliers);
    server.createContext("/api/suppliers", api::handle);
    server.start();
    return api;
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/suppliers";
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      int page = 1;
      int perPage = 100;
      String query = exchange.getRequestURI().getRawQuery();
      for (String pair : query == null ? new String[0] : query.split("&")) {
        String[] parts = pair.split("=", 2);
        if (parts.length == 2 && parts[0].equals("page")) {
          page = Integer.parseInt(parts[1]);
        } else if (parts.length == 2 && parts[0].equals("per_page")) {
          perPage = Integer.parseInt(parts[1]);
        }
      }
      ObjectNode body = JSON.createObjectNode();
      ArrayNode items = body.putArray("items");
      int from = Math.max(0, (page - 1) * perPage);
      suppliers.subList(Math.min(from, suppliers.size()), Math.min(from + perPage, suppliers.size())).forEach(items::add);
      byte[] bytes = JSON.writeValueAsBytes(body);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    } catch (RuntimeException e) {
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
