package io.strata.jobs.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.exporter.pushgateway.Format;
import io.prometheus.metrics.exporter.pushgateway.PushGateway;
import io.prometheus.metrics.exporter.pushgateway.Scheme;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.strata.layout.config.MetricsConfig;
import io.strata.layout.config.Secret;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A run's samples as Prometheus metrics, through the Prometheus Java client: a registry of its
 * own per run (nothing lingers from an earlier run in the JVM), written in the text format or
 * pushed to a Pushgateway.
 */
public final class PrometheusExposition {
  private final PrometheusRegistry registry = new PrometheusRegistry();

  public PrometheusExposition(String pipeline, List<MetricSample> samples) {
    Map<StrataMetric, Object> metrics = new EnumMap<>(StrataMetric.class);
    for (MetricSample sample : samples) {
      StrataMetric metric = sample.metric();
      List<String> labels = new ArrayList<>();
      labels.add(pipeline);
      labels.addAll(sample.labelValues());
      String[] values = labels.toArray(String[]::new);
      Object registered = metrics.computeIfAbsent(metric, this::register);
      if (registered instanceof Counter counter) {
        counter.labelValues(values).inc(sample.value());
      } else {
        ((Gauge) registered).labelValues(values).set(sample.value());
      }
    }
  }

  private Object register(StrataMetric metric) {
    String[] labelNames = labelNames(metric);
    if (metric.kind() == StrataMetric.Kind.COUNTER) {
      return Counter.builder().name(metric.metricName()).help(metric.help()).labelNames(labelNames).register(registry);
    }
    return Gauge.builder().name(metric.metricName()).help(metric.help()).labelNames(labelNames).register(registry);
  }

  private static String[] labelNames(StrataMetric metric) {
    List<String> names = new ArrayList<>();
    names.add("pipeline");
    metric.labels().forEach(label -> names.add(label.labelName()));
    return names.toArray(String[]::new);
  }

  /** The metrics in the Prometheus text format (for a node exporter's textfile collector, or to read). */
  public String text() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      new PrometheusTextFormatWriter(false).write(out, registry.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** Replaces the pipeline's group on the Pushgateway with these metrics. */
  public void push(MetricsConfig.Pushgateway gateway, String pipeline) throws IOException {
    String authority = gateway.url().getAuthority() + (gateway.url().getPath() == null ? "" : gateway.url().getPath().replaceAll("/+$", ""));
    PushGateway.Builder builder = PushGateway.builder()
        .address(authority)
        .scheme("https".equals(gateway.url().getScheme()) ? Scheme.HTTPS : Scheme.HTTP)
        .job(gateway.job())
        .groupingKey("pipeline", pipeline)
        .registry(registry)
        .format(Format.PROMETHEUS_TEXT)
        .connectionTimeout(gateway.timeout())
        .readTimeout(gateway.timeout());
    if (gateway.user().isPresent() && gateway.password().isPresent()) {
      builder.basicAuth(gateway.user().get(), gateway.password().map(Secret::reveal).orElseThrow());
    }
    builder.build().push();
  }
}
