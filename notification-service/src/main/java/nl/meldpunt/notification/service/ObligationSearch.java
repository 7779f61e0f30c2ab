package nl.meldpunt.notification.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;

import nl.meldpunt.contract.ObligationState;
import nl.meldpunt.notification.domain.Obligation;
import nl.meldpunt.notification.persistence.StoredIncident;
import nl.meldpunt.notification.persistence.StoredObligation;
import nl.meldpunt.reader.Field;
import nl.meldpunt.reader.Reader;
import nl.meldpunt.reader.ReaderRule;
import nl.meldpunt.support.rest.TlpCondition;
import nl.meldpunt.support.rest.ListPage;
import nl.meldpunt.support.rest.PageRequest;

/**
 * {@code GET /obligations}: soonest due first, WAITING (no due time yet) last. The reader rule's row
 * filter runs in SQL before the page is cut, so a page is never short while later pages hold data;
 * and the {@code party} filter matches a name only where the caller may read names, so that
 * neither a hit nor its absence tells a viewer who owes what on an AMBER incident.
 */
@ApplicationScoped
public class ObligationSearch {

    @Inject
    EntityManager em;

    @Inject
    ObligationMapper mapper;

    /** Filter of {@code GET /obligations}; null fields do not filter. */
    public record Filter(UUID incidentId, String incidentReference, ObligationState state, String party) {
    }

    @Inject
    ObligationService obligations;

    /** Matches no obligation: the filter named a reference no incident has. */
    private static final UUID NO_INCIDENT = new UUID(0, 0);

    /** Not to be called inside a transaction: obligations past due are first made OVERDUE, each in its own. */
    public ListPage<Obligation> search(Filter f, PageRequest paging, Reader reader) {
        UUID incidentId = f.incidentId();
        if (incidentId == null && f.incidentReference() != null) {
            // The incident projection knows the reference a person reads; an unknown one matches nothing.
            incidentId = StoredIncident.<StoredIncident>find("reference", f.incidentReference()).firstResultOptional()
                    .map(i -> i.id).orElse(NO_INCIDENT);
        }
        obligations.catchUpBeforeListing(incidentId, f.state(), f.party());
        StringBuilder sql = new StringBuilder(" FROM obligation o JOIN incident i ON i.id = o.incident_id WHERE ");
        List<Object> params = new ArrayList<>();
        sql.append(TlpCondition.in("i.tlp", ReaderRule.tlpsShowing(reader, Field.MARKING), params));
        if (ReaderRule.onlyInvestigated(reader)) {
            params.add(reader.authority().name());
            sql.append(" AND EXISTS (SELECT 1 FROM investigation v WHERE v.incident_id = o.incident_id AND v.authority = ?")
                    .append(params.size()).append(")");
        }
        if (incidentId != null) {
            params.add(incidentId);
            sql.append(" AND o.incident_id = ?").append(params.size());
        }
        if (f.state() != null) {
            params.add(f.state().name());
            sql.append(" AND o.state = ?").append(params.size());
        }
        if (f.party() != null) {
            sql.append(" AND ").append(TlpCondition.in("i.tlp", ReaderRule.tlpsShowing(reader, Field.NAMES), params));
            params.add(f.party().toLowerCase(Locale.ROOT));
            sql.append(" AND lower(o.party) = ?").append(params.size());
        }
        long total = ((Number) bind(em.createNativeQuery("SELECT count(*)" + sql), params).getSingleResult()).longValue();
        if (paging.byCursor()) {
            after(paging.cursorParts(4), sql, params);
        }
        sql.append(" ORDER BY o.due_at ASC NULLS LAST, o.incident_id, o.kind, o.id LIMIT ").append(paging.size() + 1)
                .append(" OFFSET ").append(paging.offset());
        @SuppressWarnings("unchecked")
        List<StoredObligation> rows = bind(em.createNativeQuery("SELECT o.*" + sql, StoredObligation.class), params)
                .getResultList();
        return paging.answer(rows, total, r -> List.of(r.dueAt == null ? "" : r.dueAt.toString(), r.incidentId.toString(),
                r.kind, r.id.toString())).map(mapper::toDomain);
    }

    /**
     * Keyset condition for "after this obligation" in the list's order (due time first, WAITING
     * without one last). An obligation whose due time moves meanwhile may move across the cursor:
     * the order is the clocks' order now, not a snapshot.
     */
    private static void after(List<String> cursor, StringBuilder sql, List<Object> params) {
        try {
            Instant due = cursor.get(0).isEmpty() ? null : Instant.parse(cursor.get(0));
            params.add(UUID.fromString(cursor.get(1)));
            int pIncident = params.size();
            params.add(cursor.get(2));
            int pKind = params.size();
            params.add(UUID.fromString(cursor.get(3)));
            int pId = params.size();
            String rest = "(o.incident_id, o.kind, o.id) > (?" + pIncident + ", ?" + pKind + ", ?" + pId + ")";
            if (due == null) {
                sql.append(" AND o.due_at IS NULL AND ").append(rest);
            } else {
                params.add(due);
                int pDue = params.size();
                sql.append(" AND (o.due_at > ?").append(pDue).append(" OR (o.due_at = ?").append(pDue).append(" AND ")
                        .append(rest).append(") OR o.due_at IS NULL)");
            }
        } catch (RuntimeException e) {
            throw PageRequest.invalidCursor();
        }
    }

    private static Query bind(Query q, List<Object> params) {
        for (int i = 0; i < params.size(); i++) {
            q.setParameter(i + 1, params.get(i));
        }
        return q;
    }

}
