package nl.meldpunt.investigation.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;

import nl.meldpunt.contract.Authority;
import nl.meldpunt.contract.InvestigationSnapshot;
import nl.meldpunt.contract.InvestigationStatus;
import nl.meldpunt.investigation.persistence.StoredInvestigation;
import nl.meldpunt.reader.Field;
import nl.meldpunt.reader.Reader;
import nl.meldpunt.reader.ReaderRule;
import nl.meldpunt.support.rest.TlpCondition;
import nl.meldpunt.support.rest.ListPage;
import nl.meldpunt.support.rest.PageRequest;

/**
 * {@code GET /investigations}: filters, newest first, paged. What a reader may not see is left
 * out in SQL by the reader rule, so pages stay full; {@link InvestigationAccess} then shapes each view. The SQL is
 * assembled from fixed fragments only; every value is a bind parameter.
 */
@ApplicationScoped
public class InvestigationSearch {

    @Inject
    EntityManager em;

    @Inject
    InvestigationMapper mapper;

    /** The filters of a search; null means "any". */
    public record Filter(UUID incidentId, String incidentReference, Authority authority, InvestigationStatus status) {
    }

    /**
     * One page of the investigations the reader may see; {@code total} counts with the same WHERE,
     * so it counts nothing the pages would not show.
     */
    public ListPage<InvestigationSnapshot> search(Filter f, PageRequest paging, Reader reader) {
        StringBuilder sql = new StringBuilder(" FROM investigation i JOIN incident c ON c.id = i.incident_id WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (f.incidentId() != null) {
            params.add(f.incidentId());
            sql.append(" AND i.incident_id = ?").append(params.size());
        }
        if (f.incidentReference() != null) {
            params.add(f.incidentReference());
            sql.append(" AND c.reference = ?").append(params.size());
        }
        if (f.authority() != null) {
            params.add(f.authority().name());
            sql.append(" AND i.authority = ?").append(params.size());
        }
        if (f.status() != null) {
            params.add(f.status().name());
            sql.append(" AND i.status = ?").append(params.size());
        }
        // The reader rule's row filter, in SQL, so that a page is cut only after it: never short while later pages hold data.
        sql.append(" AND ").append(TlpCondition.in("c.tlp", ReaderRule.tlpsShowing(reader, Field.MARKING), params));
        if (ReaderRule.onlyInvestigated(reader)) {
            params.add(reader.authority().name());
            sql.append(" AND EXISTS (SELECT 1 FROM investigation mine WHERE mine.incident_id = i.incident_id")
                    .append(" AND mine.authority = ?").append(params.size()).append(")");
        }
        long total = ((Number) bind(em.createNativeQuery("SELECT count(*)" + sql), params).getSingleResult()).longValue();
        paging.appendNewestFirstKeyset(sql, params, "i.opened_at", "i.id");
        sql.append(" ORDER BY i.opened_at DESC, i.id DESC LIMIT ").append(paging.size() + 1)
                .append(" OFFSET ").append(paging.offset());
        @SuppressWarnings("unchecked")
        List<StoredInvestigation> rows = bind(em.createNativeQuery("SELECT i.*" + sql, StoredInvestigation.class), params)
                .getResultList();
        return paging.answer(rows, total, r -> List.of(r.openedAt.toString(), r.id.toString()))
                .map(r -> mapper.toDomain(r).snapshot());
    }

    private static Query bind(Query q, List<Object> params) {
        for (int i = 0; i < params.size(); i++) {
            q.setParameter(i + 1, params.get(i));
        }
        return q;
    }

    public Optional<InvestigationSnapshot> find(UUID id) {
        return Optional.ofNullable(em.find(StoredInvestigation.class, id)).map(r -> mapper.toDomain(r).snapshot());
    }
}
