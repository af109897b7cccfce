package io.strata.jobs.ingest.rest;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.jobs.ingest.IngestRequest;
import io.strata.jobs.ingest.SourceRead;
import io.strata.jobs.ingest.SourceReader;
import io.strata.jobs.ingest.SourceState;
import io.strata.layout.StrataException;
import io.strata.layout.config.RestSourceConfig;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a JSON API page by page on the driver (REST sources are small to medium), then hands the
 * records to Spark. Each record keeps the (masked) URL of its page in {@code _origin}; elements of
 * the records array that are not JSON objects go to the quarantine. With {@code incremental} set,
 * the stored watermark is sent as a query parameter and the new one is returned as state key
 * {@value #WATERMARK}.
 */
public final class RestSourceReader implements SourceReader<RestSourceConfig> {
  public static final String WATERMARK = "watermark";
  private static final Logger LOG = LoggerFactory.getLogger(RestSourceReader.class);

  private final Clock clock;
  private final ObjectMapper json = new ObjectMapper();

  public RestSourceReader() {
    this(Clock.systemUTC());
  }

  RestSourceReader(Clock clock) {
    this.clock = requireNonNull(clock, "clock is null");
  }

  @Override
  public SourceRead read(IngestRequest<RestSourceConfig> request) {
    requireNonNull(request, "request is null");
    RestSourceConfig source = request.source();
    SecretMasker masker = SecretMasker.forAuth(source.auth());
    AuthApplier auth = new AuthApplier(source.name(), source.auth());
    PageFetcher fetcher = new PageFetcher(source, auth, masker,
        new BackoffSchedule(source.retry().initialBackoff(), source.retry().maxBackoff()), clock);
    RecordsExtractor extractor = new RecordsExtractor(source.name(), source.recordsPath(), json, masker);
    PaginationStrategy pagination = PaginationStrategy.of(source.pagination());

    Optional<String> startWatermark = source.incremental()
        .flatMap(incremental -> request.previous().get(WATERMARK).or(incremental::initial));
    Optional<WatermarkTracker> watermark = source.incremental()
        .map(incremental -> new WatermarkTracker(incremental.field(), startWatermark));
    Map<String, String> commonParams = commonParams(source, startWatermark);
    URI base = withParams(source.url(), commonParams);

    List<ReceivedRecord> records = new ArrayList<>();
    List<RecordsFrame.QuarantinedRecord> quarantined = new ArrayList<>();
    int pages = 0;
    long received = 0;
    URI url = pagination.firstPage(base);
    while (true) {
      // Params go on every request; on a server's next link only where the link lacks them.
      URI requestUrl = auth.url(withParamsIfAbsent(url, commonParams));
      String origin = masker.url(requestUrl);
      HttpResponse<String> response = fetcher.get(requestUrl);
      pages++;
      JsonNode body = extractor.parse(response.body(), origin);
      List<JsonNode> pageRecords = extractor.records(body, origin);
      received += pageRecords.size();
      LOG.info("REST source '{}': page {} has {} records ({})", source.name(), pages, pageRecords.size(), origin);
      for (int i = 0; i < pageRecords.size(); i++) {
        JsonNode record = pageRecords.get(i);
        ReceivedRecord receivedRecord = new ReceivedRecord(origin, i + 1L, compact(record));
        if (record.isObject()) {
          records.add(receivedRecord);
          watermark.ifPresent(tracker -> tracker.offer(record));
        } else {
          quarantined.add(new RecordsFrame.QuarantinedRecord(receivedRecord,
              "not a JSON object but " + record.getNodeType().name().toLowerCase(java.util.Locale.ROOT)));
        }
      }
      if (pageRecords.isEmpty()) {
        break;
      }
      Optional<URI> next = next(pagination, base, new Page(requestUrl, body, pageRecords.size(),
          response.headers().allValues("Link")), new PageProgress(pages, received), source, origin, masker);
      if (next.isEmpty()) {
        break;
      }
      if (pages >= source.maxPages()) {
        throw new StrataException("REST source '" + source.name() + "': read " + pages + " pages (max-pages = "
            + source.maxPages() + ") and the API still names a next page, after " + origin
            + ". This is probably a pagination loop (the same page or cursor again): check sources." + source.name()
            + ".pagination; if the API really has more pages, raise sources." + source.name() + ".max-pages");
      }
      url = next.get();
    }

    SourceState next = request.previous();
    if (watermark.isPresent() && watermark.get().current().isPresent()) {
      next = next.with(WATERMARK, watermark.get().current().get());
    }
    Map<String, Long> metrics = new TreeMap<>();
    metrics.put("pages", (long) pages);
    metrics.put("requests", fetcher.requests());
    metrics.put("retries", fetcher.retries());
    metrics.put("records", (long) records.size());
    metrics.put("quarantined", (long) quarantined.size());
    LOG.info("REST source '{}': {}", source.name(), metrics);

    Dataset<Row> frame = RecordsFrame.records(request.spark(), source.name(), records);
    Optional<Dataset<Row>> rejected = quarantined.isEmpty()
        ? Optional.empty() : Optional.of(RecordsFrame.quarantine(request.spark(), quarantined));
    return new SourceRead(frame, rejected, next, metrics);
  }

  /** The configured params (sorted, so URLs are stable) and the incremental one. */
  private static Map<String, String> commonParams(RestSourceConfig source, Optional<String> watermark) {
    Map<String, String> params = new LinkedHashMap<>(new TreeMap<>(source.params()));
    source.incremental().ifPresent(incremental -> watermark.ifPresent(value -> params.put(incremental.param(), value)));
    return params;
  }

  private static URI withParams(URI url, Map<String, String> params) {
    URI result = url;
    for (Map.Entry<String, String> param : params.entrySet()) {
      result = QueryParams.with(result, param.getKey(), param.getValue());
    }
    return result;
  }

  private static URI withParamsIfAbsent(URI url, Map<String, String> params) {
    URI result = url;
    for (Map.Entry<String, String> param : params.entrySet()) {
      result = QueryParams.withIfAbsent(result, param.getKey(), param.getValue());
    }
    return result;
  }

  private static Optional<URI> next(PaginationStrategy pagination, URI base, Page page, PageProgress progress,
      RestSourceConfig source, String origin, SecretMasker masker) {
    try {
      return pagination.nextPage(base, page, progress);
    } catch (IllegalArgumentException e) {
      throw new StrataException("REST source '" + source.name() + "': the response of GET " + origin
          + " names a next page that is not a valid URL (" + masker.text(e.getMessage()) + ")");
    }
  }

  private String compact(JsonNode record) {
    try {
      return json.writeValueAsString(record);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a parsed JSON node could not be written back", e);
    }
  }
}
