package io.strata.jobs.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A forwarding HTTP proxy on 127.0.0.1 in front of an S3 server, for tests: S3A talks to it as to
 * S3, it records the head of every request, and it fails a chosen share of them the way S3 does
 * under load: {@code 503 SlowDown}, {@code 500 InternalError}, or a connection reset without an
 * answer. A failed request never reaches the server, so it changes nothing there. The faults follow
 * a seeded random sequence (the n-th request of a plan meets the n-th draw), so a plan repeats.
 *
 * <p>Each client connection carries one request ({@code Connection: close} both ways), which keeps
 * the proxy a plain byte pipe: heads are read and rewritten, bodies pass through untouched, and the
 * {@code Host} header stays what the client signed.
 */
public final class TestingS3FaultProxy implements AutoCloseable {
  public enum Fault { SLOW_DOWN, INTERNAL_ERROR, CONNECTION_RESET }

  /** The head of one request as the client sent it; header names in lower case. */
  public record Request(String method, String target, Map<String, String> headers) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private final ServerSocket server;
  private final int upstreamPort;
  private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
    Thread thread = new Thread(runnable, "s3-fault-proxy");
    thread.setDaemon(true);
    return thread;
  });
  private final ConcurrentLinkedQueue<Request> requests = new ConcurrentLinkedQueue<>();
  private final Map<Fault, AtomicInteger> injected = new EnumMap<>(Fault.class);
  private final AtomicInteger faultIds = new AtomicInteger();
  private volatile Plan plan = Plan.NONE;

  /** A proxy in front of the S3 server on 127.0.0.1:{@code upstreamPort}; no faults until {@link #injectFaults}. */
  public TestingS3FaultProxy(int upstreamPort) throws IOException {
    this.upstreamPort = upstreamPort;
    this.server = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
    for (Fault fault : Fault.values()) {
      injected.put(fault, new AtomicInteger());
    }
    threads.execute(this::acceptLoop);
  }

  /** In front of the shared {@link TestingS3Server}. */
  public static TestingS3FaultProxy inFrontOfSharedServer() throws IOException {
    return new TestingS3FaultProxy(java.net.URI.create(TestingS3Server.shared().endpoint()).getPort());
  }

  public String endpoint() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  /** From now on, fail each request with probability {@code rate}, choosing among {@code faults} evenly. */
  public void injectFaults(double rate, long seed, Fault... faults) {
    plan = new Plan(rate, new Random(seed), List.of(faults), Integer.MAX_VALUE);
  }

  /** From now on, let {@code passing} more requests through, then fail every request with {@code fault}. */
  public void failAfter(int passing, Fault fault) {
    plan = new Plan(1.0, new Random(0), List.of(fault), passing);
  }

  /** From now on, fail every request whose target (path and query, as sent) contains {@code part}; let the others through. */
  public void failMatching(String part, Fault fault) {
    plan = new Plan(1.0, new Random(0), List.of(fault), Integer.MAX_VALUE, part);
  }

  public void stopFaults() {
    plan = Plan.NONE;
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  public void clearRequests() {
    requests.clear();
  }

  public int injected(Fault fault) {
    return injected.get(fault).get();
  }

  public int injectedTotal() {
    return injected.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  @Override
  public void close() throws IOException {
    server.close();
    threads.shutdownNow();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        threads.execute(() -> serve(client));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket client) {
    try (client) {
      InputStream fromClient = new BufferedInputStream(client.getInputStream());
      List<String> head = readHead(fromClient);
      if (head.isEmpty()) {
        return;
      }
      Request request = parse(head);
      requests.add(request);
      Fault fault = plan.next(request);
      if (fault != null) {
        injected.get(fault).incrementAndGet();
        fail(client, fromClient, request, fault);
        return;
      }
      forward(client, fromClient, head);
    } catch (IOException e) {
      // the client or the server went away; the client sees a broken connection and retries
    }
  }

  private void fail(Socket client, InputStream fromClient, Request request, Fault fault) throws IOException {
    if (fault == Fault.CONNECTION_RESET) {
      client.setSoLinger(true, 0); // close with RST: "Connection reset" on the client
      return;
    }
    // Read a body the client sends without waiting for 100 Continue, so it sees the answer, not a broken pipe.
    String length = request.header("content-length");
    if (length != null && !"100-continue".equalsIgnoreCase(request.header("expect"))) {
      fromClient.skipNBytes(Long.parseLong(length.trim()));
    }
    boolean slowDown = fault == Fault.SLOW_DOWN;
    String id = "fault-" + faultIds.incrementAndGet();
    byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + (slowDown ? "SlowDown" : "InternalError")
        + "</Code><Message>" + (slowDown ? "Please reduce your request rate." : "We encountered an internal error. Please try again.")
        + "</Message><RequestId>" + id + "</RequestId><HostId>strata-test</HostId></Error>").getBytes(StandardCharsets.UTF_8);
    boolean head = request.method().equals("HEAD");
    String response = "HTTP/1.1 " + (slowDown ? "503 Slow Down" : "500 Internal Server Error") + "\r\n"
        + "Content-Type: application/xml\r\n"
        + "Content-Length: " + (head ? 0 : body.length) + "\r\n"
        + "x-amz-request-id: " + id + "\r\n"
        + "Connection: close\r\n\r\n";
    OutputStream toClient = client.getOutputStream();
    toClient.write(response.getBytes(StandardCharsets.ISO_8859_1));
    if (!head) {
      toClient.write(body);
    }
    toClient.flush();
  }

  private void forward(Socket client, InputStream fromClient, List<String> head) throws IOException {
    try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort)) {
      OutputStream toUpstream = upstream.getOutputStream();
      toUpstream.write(render(withConnectionClose(head)));
      toUpstream.flush();
      // The body (after any 100 Continue) flows on its own while the answer comes back.
      threads.execute(() -> {
        try {
          fromClient.transferTo(toUpstream);
        } catch (IOException e) {
          // the exchange ended
        }
      });
      InputStream fromUpstream = new BufferedInputStream(upstream.getInputStream());
      OutputStream toClient = client.getOutputStream();
      while (true) {
        List<String> responseHead = readHead(fromUpstream);
        if (responseHead.isEmpty()) {
          return;
        }
        boolean interim = responseHead.get(0).matches("HTTP/1\\.[01] 1\\d\\d.*");
        toClient.write(render(interim ? responseHead : withConnectionClose(responseHead)));
        toClient.flush();
        if (!interim) {
          break;
        }
      }
      fromUpstream.transferTo(toClient);
      toClient.flush();
    }
  }

  /** The request line and header lines up to the blank line; empty at the end of the stream. */
  private static List<String> readHead(InputStream in) throws IOException {
    List<String> lines = new ArrayList<>();
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int previous = -1;
    int b;
    while ((b = in.read()) != -1) {
      if (b == '\n' && previous == '\r') {
        byte[] bytes = line.toByteArray();
        String text = new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
        if (text.isEmpty()) {
          return lines;
        }
        lines.add(text);
        line.reset();
      } else {
        line.write(b);
      }
      previous = b;
    }
    return List.of();
  }

  private static Request parse(List<String> head) {
    String[] requestLine = head.get(0).split(" ", 3);
    Map<String, String> headers = new TreeMap<>();
    for (String line : head.subList(1, head.size())) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
      }
    }
    return new Request(requestLine[0], requestLine.length > 1 ? requestLine[1] : "", Map.copyOf(headers));
  }

  private static List<String> withConnectionClose(List<String> head) {
    List<String> result = new ArrayList<>();
    for (String line : head) {
      if (!line.toLowerCase(Locale.ROOT).startsWith("connection:") && !line.toLowerCase(Locale.ROOT).startsWith("keep-alive:")) {
        result.add(line);
      }
    }
    result.add("Connection: close");
    return result;
  }

  private static byte[] render(List<String> head) {
    return (String.join("\r\n", head) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Which requests fail: a share of them, drawn from a seeded sequence, after some pass. */
  private static final class Plan {
    static final Plan NONE = new Plan(0, new Random(0), List.of(), Integer.MAX_VALUE);

    private final double rate;
    private final Random random;
    private final List<Fault> faults;
    private int passing;
    /** When set, only requests whose target contains it fail, every one of them. */
    private final String targetPart;

    Plan(double rate, Random random, List<Fault> faults, int passing) {
      this(rate, random, faults, passing, null);
    }

    Plan(double rate, Random random, List<Fault> faults, int passing, String targetPart) {
      this.rate = rate;
      this.random = random;
      this.faults = faults;
      this.passing = passing;
      this.targetPart = targetPart;
    }

    synchronized Fault next(Request request) {
      if (faults.isEmpty()) {
        return null;
      }
      if (targetPart != null) {
        return request.target().contains(targetPart) ? faults.get(0) : null;
      }
      if (passing != Integer.MAX_VALUE) {
        if (passing > 0) {
          passing--;
          return null;
        }
        return faults.get(0);
      }
      double draw = random.nextDouble();
      Fault fault = faults.get(random.nextInt(faults.size()));
      return draw < rate ? fault : null;
    }
  }
}
