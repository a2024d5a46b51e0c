package org.nn4j.serve;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The server's Prometheus metrics, in a registry of its own (two servers in one JVM do not mix their counts):
 * requests by model, endpoint and status; errors; predict requests in flight; the latency of predictions; the sizes of the batches inference
 * ran; each model's version and its reloads.
 */
final class ServerMetrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter requests = Counter.builder().name("nn4j_requests_total")
            .help("HTTP requests answered, by model, endpoint and status code")
            .labelNames("model", "endpoint", "code").register(registry);
    private final Counter errors = Counter.builder().name("nn4j_request_errors_total")
            .help("HTTP requests answered with a status of 400 or more").labelNames("model", "code")
            .register(registry);
    private final Histogram latency = Histogram.builder().name("nn4j_predict_duration_seconds")
            .help("time from a predict request's headers to its response").labelNames("model")
            .classicExponentialUpperBounds(25e-6, 2, 20).register(registry);
    private final Histogram batchSize = Histogram.builder().name("nn4j_batch_size")
            .help("samples per inference, gathered from concurrent requests").labelNames("model")
            .classicExponentialUpperBounds(1, 2, 14).register(registry);
    private final Gauge version = Gauge.builder().name("nn4j_model_version")
            .help("the version of each model now serving; starts at 1, one more per reload").labelNames("model")
            .register(registry);
    private final Gauge inFlight = Gauge.builder().name("nn4j_predict_in_flight")
            .help("predict requests accepted and not yet answered (reading, queued or in a batch)")
            .labelNames("model").register(registry);
    private final Counter reloads = Counter.builder().name("nn4j_model_reloads_total")
            .help("replaced model files seen, by outcome (loaded or refused)").labelNames("model", "outcome")
            .register(registry);
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    /** The counters of one model that its hot path touches, looked up once. */
    final class ModelCounters {
        final CounterDataPoint predicted;
        final DistributionDataPoint predictLatency;
        final DistributionDataPoint batches;
        final GaugeDataPoint inFlight;
        private final String name;

        private ModelCounters(String name) {
            this.name = name;
            this.predicted = requests.labelValues(name, "predict", "200");
            this.predictLatency = latency.labelValues(name);
            this.batches = batchSize.labelValues(name);
            this.inFlight = ServerMetrics.this.inFlight.labelValues(name);
        }

        void version(long v) {
            version.labelValues(name).set(v);
        }

        void reload(boolean loaded) {
            reloads.labelValues(name, loaded ? "loaded" : "refused").inc();
        }
    }

    ModelCounters forModel(String name) {
        return new ModelCounters(name);
    }

    /** Counts a request other than a successful prediction (those go through {@link ModelCounters#predicted}). */
    void request(String model, String endpoint, int code) {
        String status = Integer.toString(code);
        requests.labelValues(model, endpoint, status).inc();
        if (code >= 400) {
            errors.labelValues(model, status).inc();
        }
    }

    String contentType() {
        return writer.getContentType();
    }

    byte[] scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
