package nl.meldpunt.incident.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Reads the body of {@code POST /incidents} on the event loop before Quarkus REST sees the
 * request, when its declared length is within Meldpunt's body limit.
 *
 * <p>Why: the report endpoint blocks (JDBC), so Quarkus REST otherwise reads the body on the
 * worker thread through a blocking stream, which the event loop feeds chunk by chunk under a
 * shared monitor. Under load that hand-over was about a tenth of incident-service's profile in
 * the benchmark (docs/benchmarks.md, "Intake: CPU per report"). With the body already in the
 * routing context, Quarkus REST deserialises it from memory instead.
 *
 * <p>Nothing else changes: a body without a declared length, declaring more than the limit, or
 * announced with {@code Expect: 100-continue} takes the usual path, where {@code BodyLimit} answers 413 as problem+json; the interceptor
 * still counts the bytes of a pre-read body as it is deserialised.
 */
@ApplicationScoped
public class IntakeBodyReader {

    @ConfigProperty(name = "meldpunt.http.max-body-bytes", defaultValue = "65536")
    long maxBytes;

    void install(@Observes Router router) {
        router.route(HttpMethod.POST, "/incidents").order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT)
                .handler(this::preRead);
    }

    void preRead(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        long declared = declaredLength(request.getHeader("Content-Length"));
        // A client that sends "Expect: 100-continue" waits for the 100 before it sends the body;
        // Quarkus REST's own reading answers it, so such a request takes that path.
        if (declared < 0 || declared > maxBytes || request.isEnded() || rc.body().buffer() != null
                || request.headers().contains("Expect")) {
            rc.next();
            return;
        }
        request.body().onComplete(read -> {
            if (read.succeeded()) {
                rc.setBody(read.result());
                rc.next();
            } else {
                rc.fail(read.cause());
            }
        });
        // The router paused the request before routing; the body only flows once it is resumed.
        request.resume();
    }

    static long declaredLength(String header) {
        if (header == null) {
            return -1;
        }
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
