package nl.meldpunt.support.trace;

import java.util.Collection;
import java.util.Optional;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * Sends spans to an OpenTelemetry collector over OTLP/HTTP when one is configured
 * ({@code MELDPUNT_TRACING_OTLP_ENDPOINT}, e.g. {@code http://collector:4318}), and nowhere
 * otherwise: {@code ./meldpunt up} needs no collector, and no service logs a failed export every
 * few seconds. Spans are made either way, so every log line and every event carries its trace.
 */
@Singleton
public class CollectorExporter implements SpanExporter {

    private static final Logger LOG = Logger.getLogger(CollectorExporter.class);

    private final SpanExporter delegate;

    CollectorExporter(@ConfigProperty(name = "meldpunt.tracing.otlp-endpoint") Optional<String> endpoint) {
        if (endpoint.isPresent() && !endpoint.get().isBlank()) {
            String base = endpoint.get().trim().replaceAll("/+$", "");
            delegate = OtlpHttpSpanExporter.builder().setEndpoint(base + "/v1/traces").build();
            LOG.infof("traces go to the collector at %s", base);
        } else {
            delegate = null;
        }
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        return delegate == null ? CompletableResultCode.ofSuccess() : delegate.export(spans);
    }

    @Override
    public CompletableResultCode flush() {
        return delegate == null ? CompletableResultCode.ofSuccess() : delegate.flush();
    }

    @Override
    public CompletableResultCode shutdown() {
        return delegate == null ? CompletableResultCode.ofSuccess() : delegate.shutdown();
    }
}
