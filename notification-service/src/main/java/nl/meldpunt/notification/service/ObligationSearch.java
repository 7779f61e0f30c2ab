package nl.meldpunt.notification.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;

import nl.meldpunt.contract.ObligationState;
import nl.meldpunt.contract.Tlp;
import nl.meldpunt.notification.domain.Obligation;
import nl.meldpunt.notification.persistence.StoredObligation;
import nl.meldpunt.reader.Field;
import nl.meldpunt.reader.Reader;
import nl.meldpunt.reader.ReaderRule;

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
    public record Filter(UUID incidentId, ObligationState state, String party) {
    }

    @Inject
    ObligationService obligations;

    /** Not to be called inside a transaction: obligations past due are first made OVERDUE, each in its own. */
    public List<Obligation> search(Filter f, int page, int size, Reader reader) {
        obligations.catchUpBeforeListing(f.incidentId(), f.state(), f.party());
        StringBuilder sql = new StringBuilder("SELECT o.* FROM obligation o JOIN incident i ON i.id = o.incident_id WHERE ");
        List<Object> params = new ArrayList<>();
        sql.append(tlpIn(ReaderRule.tlpsShowing(reader, Field.MARKING), params));
        if (ReaderRule.onlyInvestigated(reader)) {
            params.add(reader.authority().name());
            sql.append(" AND EXISTS (SELECT 1 FROM investigation v WHERE v.incident_id = o.incident_id AND v.authority = ?")
                    .append(params.size()).append(")");
        }
        if (f.incidentId() != null) {
            params.add(f.incidentId());
            sql.append(" AND o.incident_id = ?").append(params.size());
        }
        if (f.state() != null) {
            params.add(f.state().name());
            sql.append(" AND o.state = ?").append(params.size());
        }
        if (f.party() != null) {
            sql.append(" AND ").append(tlpIn(ReaderRule.tlpsShowing(reader, Field.NAMES), params));
            params.add(f.party().toLowerCase(Locale.ROOT));
            sql.append(" AND lower(o.party) = ?").append(params.size());
        }
        sql.append(" ORDER BY o.due_at ASC NULLS LAST, o.incident_id, o.kind, o.id LIMIT ").append(size)
                .append(" OFFSET ").append((long) page * size);
        Query q = em.createNativeQuery(sql.toString(), StoredObligation.class);
        for (int i = 0; i < params.size(); i++) {
            q.setParameter(i + 1, params.get(i));
        }
        @SuppressWarnings("unchecked")
        List<StoredObligation> rows = q.getResultList();
        return rows.stream().map(mapper::toDomain).toList();
    }

    private static String tlpIn(Set<Tlp> tlps, List<Object> params) {
        if (tlps.isEmpty()) {
            return "FALSE";
        }
        StringBuilder in = new StringBuilder("i.tlp IN (");
        for (Tlp tlp : tlps) {
            params.add(tlp.name());
            in.append(in.charAt(in.length() - 1) == '(' ? "" : ", ").append('?').append(params.size());
        }
        return in.append(')').toString();
    }
}
