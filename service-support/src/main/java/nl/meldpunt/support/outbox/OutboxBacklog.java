package nl.meldpunt.support.outbox;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;

/**
 * How far the outbox is behind: the number of unpublished events and the age of the oldest.
 * Reported as a readiness check that stays UP, since intake works without Kafka (docs/design.md,
 * Guarantees: readiness requires the database, not Kafka), and as Prometheus gauges.
 */
@Readiness
@ApplicationScoped
public class OutboxBacklog implements HealthCheck {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    OutboxRelay relay;

    @Inject
    MeterRegistry registry;

    /** The clock that stamped occurred_at, so an age is measured on one time line. */
    @Inject
    Clock clock;

    /**
     * Size and age of the publishable part of the event log, and what waits outside it: rows the
     * relay parked because they can never be published, and the later rows of their incidents.
     */
    public record Backlog(long events, Duration oldestAge, long parked, long waitingBehindParked, String parkedReason) {
    }

    void registerMetrics(@Observes StartupEvent event) {
        Gauge.builder("meldpunt.outbox.backlog", this, b -> b.measure().events())
                .description("Events committed but not yet acknowledged by Kafka").register(registry);
        Gauge.builder("meldpunt.outbox.oldest.age.seconds", this, b -> b.measure().oldestAge().toMillis() / 1000.0)
                .description("Age of the oldest unpublished event").register(registry);
        Gauge.builder("meldpunt.outbox.parked", this, b -> b.measure().parked())
                .description("Events the relay parked because they can never be published").register(registry);
        Gauge.builder("meldpunt.outbox.waiting.behind.parked", this, b -> b.measure().waitingBehindParked())
                .description("Later events of incidents with a parked event, held back to keep their order").register(registry);
    }

    public Backlog measure() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FILTER (WHERE " + OutboxRelay.PUBLISHABLE + "), "
                        + "min(occurred_at) FILTER (WHERE " + OutboxRelay.PUBLISHABLE + "), "
                        + "count(*) FILTER (WHERE e.parked_at IS NOT NULL), "
                        + "count(*) FILTER (WHERE e.parked_at IS NULL AND NOT (" + OutboxRelay.PUBLISHABLE + ")), "
                        + "(SELECT parked_reason FROM event_log WHERE parked_at IS NOT NULL AND published_at IS NULL "
                        + "ORDER BY position LIMIT 1) FROM event_log e WHERE e.published_at IS NULL")) {
            rs.next();
            Timestamp oldest = rs.getTimestamp(2);
            return new Backlog(rs.getLong(1), oldest == null ? Duration.ZERO : Duration.between(oldest.toInstant(), clock.instant()),
                    rs.getLong(3), rs.getLong(4), rs.getString(5));
        } catch (SQLException e) {
            return new Backlog(-1, Duration.ZERO, -1, -1, null);
        }
    }

    @Override
    public HealthCheckResponse call() {
        Backlog b = measure();
        HealthCheckResponseBuilder r = HealthCheckResponse.named("outbox")
                .withData("backlog", b.events())
                .withData("oldestAgeSeconds", b.oldestAge().toSeconds())
                .withData("relayActiveHere", relay.isActive())
                .withData("published", relay.publishedCount());
        if (b.parked() > 0) {
            // Reported, not DOWN: the instance serves well, but an operator must look (docs/operations.md, "Parked events").
            r.withData("parked", b.parked()).withData("waitingBehindParked", b.waitingBehindParked())
                    .withData("firstParkedReason", b.parkedReason());
        }
        if (relay.lastFailure() != null) {
            r.withData("lastRelayFailure", relay.lastFailureAt() + " " + relay.lastFailure());
        }
        return b.events() < 0 ? r.down().build() : r.up().build();
    }
}
