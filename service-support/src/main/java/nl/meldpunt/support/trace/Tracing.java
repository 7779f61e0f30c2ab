package nl.meldpunt.support.trace;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;

/**
 * One incident, one trace, across the three services. The span of the request (or the consumed
 * event) that changed an incident is stored with its event row ({@code traceparent},
 * {@code tracestate}); the relay continues that trace when it publishes, and every consumer when
 * it applies the event. So a trace crosses the outbox and Kafka, where no instrumentation of a
 * library could carry it.
 */
@ApplicationScoped
public class Tracing {

    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
    private static final TextMapGetter<Map<String, String>> FROM_MAP = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };
    private static final TextMapSetter<Map<String, String>> TO_MAP = (carrier, key, value) -> carrier.put(key, value);

    @Inject
    Tracer tracer;

    /** The W3C context of the current span, {@code traceparent} and (if any) {@code tracestate}; empty when there is none. */
    public Map<String, String> current() {
        Map<String, String> carrier = new HashMap<>();
        if (Span.current().getSpanContext().isValid()) {
            W3C.inject(Context.current(), carrier, TO_MAP);
        }
        return carrier;
    }

    /**
     * Runs {@code work} in a new span of {@code kind} whose parent is the given W3C context (a
     * stored or received {@code traceparent}); a missing or malformed one starts a new trace.
     */
    public <T> T within(String name, SpanKind kind, String traceparent, String tracestate, Supplier<T> work) {
        Span span = start(name, kind, traceparent, tracestate);
        try (Scope ignored = span.makeCurrent()) {
            return work.get();
        } catch (RuntimeException e) {
            span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
            span.recordException(e);
            throw e;
        } finally {
            span.end();
        }
    }

    /** Starts a span under the given W3C context; the caller ends it. */
    public Span start(String name, SpanKind kind, String traceparent, String tracestate) {
        Map<String, String> carrier = new HashMap<>();
        if (traceparent != null) {
            carrier.put("traceparent", traceparent);
        }
        if (tracestate != null) {
            carrier.put("tracestate", tracestate);
        }
        Context parent = W3C.extract(Context.root(), carrier, FROM_MAP);
        return tracer.spanBuilder(name).setSpanKind(kind).setParent(parent).startSpan();
    }

    /** The {@code traceparent} of a span, as the W3C Trace Context writes it. */
    public static String traceparent(Span span) {
        SpanContext c = span.getSpanContext();
        return "00-" + c.getTraceId() + "-" + c.getSpanId() + "-" + c.getTraceFlags().asHex();
    }
}
