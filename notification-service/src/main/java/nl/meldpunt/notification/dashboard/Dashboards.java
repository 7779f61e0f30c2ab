package nl.meldpunt.notification.dashboard;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import nl.meldpunt.contract.IncidentSnapshot;
import nl.meldpunt.contract.IncidentStatus;
import nl.meldpunt.contract.ObligationState;
import nl.meldpunt.notification.config.ObligationConfig;
import nl.meldpunt.notification.domain.Obligation;
import nl.meldpunt.notification.events.CaseFactsLookup;
import nl.meldpunt.notification.persistence.StoredIncident;
import nl.meldpunt.notification.persistence.StoredObligation;
import nl.meldpunt.notification.rest.ObligationView;
import nl.meldpunt.notification.service.ObligationMapper;
import nl.meldpunt.notification.stream.StreamFeed;
import nl.meldpunt.reader.Reader;
import nl.meldpunt.reader.Sight;

/** Builds {@link DashboardSummary} for one reader from what notification-service keeps. */
@ApplicationScoped
public class Dashboards {

    @Inject
    EntityManager em;

    @Inject
    StreamFeed feed;

    @Inject
    CaseFactsLookup facts;

    @Inject
    ObligationMapper mapper;

    @Inject
    ObligationConfig obligations;

    @Inject
    Clock clock;

    private final ObjectMapper lenient;

    @Inject
    Dashboards(ObjectMapper json) {
        this.lenient = json.copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    @Transactional
    public DashboardSummary summary(Reader reader) {
        // Read first: everything placed up to here is committed, so the rows read next reflect at least it.
        long position = feed.head();
        Instant now = clock.instant();
        Map<UUID, Sight> sights = new HashMap<>();

        List<IncidentSnapshot> items = new ArrayList<>();
        Map<String, Integer> byStatus = new TreeMap<>();
        Map<String, Integer> bySeverity = new TreeMap<>();
        for (StoredIncident row : em.createQuery("from StoredIncident", StoredIncident.class).getResultList()) {
            IncidentSnapshot s = read(row);
            if (s == null || s.status() == IncidentStatus.CLOSED || s.status() == IncidentStatus.REJECTED) {
                continue;
            }
            Sight sight = sights.computeIfAbsent(row.id, id -> facts.facts(id).sight(reader));
            sight.incident(s).ifPresent(visible -> {
                items.add(visible);
                byStatus.merge(String.valueOf(visible.status()), 1, Integer::sum);
                bySeverity.merge(visible.severity() == null ? "UNKNOWN" : visible.severity().name(), 1, Integer::sum);
            });
        }
        items.sort(Comparator.comparing(IncidentSnapshot::reportedAt, Comparator.nullsLast(Comparator.reverseOrder())));

        Instant soon = now.plus(obligations.clocks().dueSoonLead());
        List<DashboardSummary.DueObligation> dueSoon = new ArrayList<>();
        List<DashboardSummary.DueObligation> overdue = new ArrayList<>();
        for (StoredObligation row : em.createQuery("from StoredObligation where state in ('PENDING', 'OVERDUE') and dueAt is not null "
                + "order by dueAt", StoredObligation.class).getResultList()) {
            Sight sight = sights.computeIfAbsent(row.incidentId, id -> facts.facts(id).sight(reader));
            if (sight.hidden()) {
                continue;
            }
            Obligation o = mapper.toDomain(row);
            ObligationView v = ObligationView.of(o, sight);
            DashboardSummary.DueObligation d = new DashboardSummary.DueObligation(v.id(), v.incidentId(), v.incidentReference(),
                    v.kind(), v.recipient(), v.state(), v.legalBasis(), v.dueAt());
            if (o.state() == ObligationState.OVERDUE || !o.dueAt().isAfter(now)) {
                overdue.add(d);
            } else if (!o.dueAt().isAfter(soon)) {
                dueSoon.add(d);
            }
        }
        return new DashboardSummary(position, now, obligations.clocks().dueSoonLead(),
                new DashboardSummary.Incidents(items.size(), byStatus, bySeverity, items), dueSoon, overdue);
    }

    private IncidentSnapshot read(StoredIncident row) {
        try {
            return lenient.readValue(row.snapshot, IncidentSnapshot.class);
        } catch (IOException e) {
            return null;
        }
    }
}
