package nl.meldpunt.incident.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;

import nl.meldpunt.contract.Authority;
import nl.meldpunt.contract.IncidentSnapshot;
import nl.meldpunt.contract.IncidentStatus;
import nl.meldpunt.contract.Severity;
import nl.meldpunt.incident.persistence.StoredIncident;
import nl.meldpunt.reader.Field;
import nl.meldpunt.reader.Reader;
import nl.meldpunt.reader.ReaderRule;
import nl.meldpunt.support.rest.Caller;
import nl.meldpunt.support.rest.TlpCondition;
import nl.meldpunt.support.rest.ListPage;
import nl.meldpunt.support.rest.PageRequest;

/**
 * {@code GET /incidents}: filters, newest first, paged by page/size or by an opaque cursor (docs/api.md "Lists").
 * The SQL is assembled from fixed fragments only; every value is a bind parameter.
 */
@ApplicationScoped
public class IncidentSearch {

    @Inject
    EntityManager em;

    @Inject
    IncidentMapper mapper;

    /** The filters of a search; null means "any". */
    public record Filter(IncidentStatus status, Severity severity, String organisation, String text, Instant since) {
    }

    /**
     * One page of the incidents the caller may see; {@code total} counts them with the same WHERE,
     * so it reveals no incident the page would not show.
     */
    public ListPage<IncidentSnapshot> search(Filter f, PageRequest paging, Caller caller) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (f.status() != null) {
            params.add(f.status().name());
            where.append(" AND status = ?").append(params.size());
        }
        if (f.severity() != null) {
            params.add(f.severity().name());
            where.append(" AND severity = ?").append(params.size());
        }
        Reader reader = caller.reader();
        // The reader rule decides what may match: a term matches only text the caller may read, so
        // neither a hit nor the total reveals a word of what is redacted for them.
        if (f.organisation() != null && !f.organisation().isBlank()) {
            String names = TlpCondition.in("tlp", ReaderRule.tlpsShowing(reader, Field.NAMES), params);
            params.add("%" + likeEscape(f.organisation()) + "%");
            where.append(" AND ").append(names).append(" AND organisation_name ILIKE ?").append(params.size());
        }
        if (f.text() != null && !f.text().isBlank()) {
            String names = TlpCondition.in("tlp", ReaderRule.tlpsShowing(reader, Field.NAMES), params);
            String freeText = TlpCondition.in("tlp", ReaderRule.tlpsShowing(reader, Field.FREE_TEXT), params);
            params.add("%" + likeEscape(f.text()) + "%");
            int p = params.size();
            where.append(" AND (reference ILIKE ?").append(p)
                    .append(" OR (").append(names).append(" AND organisation_name ILIKE ?").append(p).append(")")
                    .append(" OR (").append(freeText).append(" AND (title ILIKE ?").append(p)
                    .append(" OR details->>'summary' ILIKE ?").append(p).append(")))");
        }
        if (f.since() != null) {
            params.add(f.since());
            where.append(" AND updated_at >= ?").append(params.size());
        }
        where.append(" AND ").append(TlpCondition.in("tlp", ReaderRule.tlpsShowing(reader, Field.MARKING), params));
        if (ReaderRule.onlyInvestigated(reader)) {
            String authority = reader.authority().name();
            params.add("%," + authority + ",%");
            int p1 = params.size();
            params.add(authority);
            int p2 = params.size();
            where.append(" AND (',' || required_authorities || ',' LIKE ?").append(p1)
                    .append(" OR EXISTS (SELECT 1 FROM incident_investigation i WHERE i.incident_id = incident.id")
                    .append(" AND i.authority = ?").append(p2).append("))");
        }
        long total = ((Number) bind(em.createNativeQuery("SELECT count(*) FROM incident" + where), params)
                .getSingleResult()).longValue();

        StringBuilder sql = new StringBuilder("SELECT * FROM incident").append(where);
        paging.appendNewestFirstKeyset(sql, params, "reported_at", "id");
        sql.append(" ORDER BY reported_at DESC, id DESC LIMIT ").append(paging.size() + 1)
                .append(" OFFSET ").append(paging.offset());
        @SuppressWarnings("unchecked")
        List<StoredIncident> rows = bind(em.createNativeQuery(sql.toString(), StoredIncident.class), params).getResultList();
        // The rows passed the rule's row filter above, so an investigator's authority investigates each of them.
        Set<Authority> own = reader.authority() == null ? Set.of() : Set.of(reader.authority());
        return paging.answer(rows, total, r -> List.of(r.reportedAt.toString(), r.id.toString()))
                .map(r -> mapper.toDomain(r).snapshot())
                .map(i -> ReaderRule.sight(reader, i.tlp(), own).incident(i).orElseThrow());
    }


    private static Query bind(Query q, List<Object> params) {
        for (int i = 0; i < params.size(); i++) {
            q.setParameter(i + 1, params.get(i));
        }
        return q;
    }

    static String likeEscape(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
