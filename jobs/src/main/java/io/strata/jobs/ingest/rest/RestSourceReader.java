package io.strata.jobs.ingest.rest;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.jobs.ingest.IngestRequest;
import io.strata.jobs.ingest.SourceRead;
import io.strata.jobs.ingest.SourceReader;
import io.strata.jobs.ingest.SourceState;
import io.strata.layout.config.RestSourceConfig;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
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
 * the stored watermark (else {@code incremental.initial}) is sent as a query parameter and the new
 * one is returned as state key {@value #WATERMARK}.
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
    PageWalker walker = new PageWalker(source.name(), source.maxPages(), PaginationStrategy.of(source.pagination()), fetcher,
        new RecordsExtractor(source.name(), source.recordsPath(), json, masker), auth, masker);

    Optional<String> startWatermark = source.incremental()
        .flatMap(incremental -> request.previous().get(WATERMARK).or(incremental::initial));
    RecordCollector collector = new RecordCollector(json,
        source.incremental().map(incremental -> new WatermarkTracker(incremental.field(), startWatermark)));
    Map<String, String> params = params(source, startWatermark);
    URI base = PageWalker.withParams(source.url(), params);
    int pages = walker.walk(base, params, collector::add);

    SourceState next = collector.watermark().map(value -> request.previous().with(WATERMARK, value)).orElse(request.previous());
    Map<String, Long> metrics = new TreeMap<>();
    metrics.put("pages", (long) pages);
    metrics.put("requests", fetcher.requests());
    metrics.put("retries", fetcher.retries());
    metrics.put("bytes", fetcher.bytes());
    metrics.put("records", (long) collector.records().size());
    metrics.put("quarantined", (long) collector.quarantined().size());
    LOG.info("REST source '{}': {}", source.name(), metrics);

    Dataset<Row> records = RecordsFrame.records(request.spark(), source.name(), collector.records());
    Optional<Dataset<Row>> quarantined = collector.quarantined().isEmpty()
        ? Optional.empty() : Optional.of(RecordsFrame.quarantine(request.spark(), collector.quarantined()));
    return new SourceRead(records, quarantined, next, metrics);
  }

  /** The configured params (sorted, so URLs are stable from run to run) and the incremental one. */
  private static Map<String, String> params(RestSourceConfig source, Optional<String> watermark) {
    Map<String, String> params = new LinkedHashMap<>(new TreeMap<>(source.params()));
    source.incremental().ifPresent(incremental -> watermark.ifPresent(value -> params.put(incremental.param(), value)));
    return params;
  }
}
