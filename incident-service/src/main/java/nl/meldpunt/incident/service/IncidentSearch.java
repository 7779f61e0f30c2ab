package nl.meldpunt.incident.service;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;

import nl.meldpunt.contract.Authority;
import nl.meldpunt.contract.IncidentSnapshot;
import nl.meldpunt.contract.IncidentStatus;
import nl.meldpunt.contract.Severity;
import nl.meldpunt.contract.Tlp;
import nl.meldpunt.incident.persistence.StoredIncident;
import nl.meldpunt.reader.Field;
import nl.meldpunt.reader.Reader;
import nl.meldpunt.reader.ReaderRule;
import nl.meldpunt.support.rest.Caller;
import nl.meldpunt.support.rest.ProblemException;

/**
 * {@code GET /incidents}: filters, newest first, paged by page/size or by an opaque cursor.
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

    /** One page of results. {@code nextCursor} continues after the last item; {@code total} counts all matches. */
    public record Page(List<IncidentSnapshot> items, Integer page, int size, long total, String nextCursor) {
    }

    public Page search(Filter f, Integer page, int size, String cursor, Caller caller) {
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
            String names = tlpIn(ReaderRule.tlpsShowing(reader, Field.NAMES), params);
            params.add("%" + likeEscape(f.organisation()) + "%");
            where.append(" AND ").append(names).append(" AND organisation_name ILIKE ?").append(params.size());
        }
        if (f.text() != null && !f.text().isBlank()) {
            String names = tlpIn(ReaderRule.tlpsShowing(reader, Field.NAMES), params);
            String freeText = tlpIn(ReaderRule.tlpsShowing(reader, Field.FREE_TEXT), params);
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
        where.append(" AND ").append(tlpIn(ReaderRule.tlpsShowing(reader, Field.MARKING), params));
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
        if (cursor != null) {
            Cursor c = Cursor.decode(cursor);
            params.add(c.reportedAt());
            int p1 = params.size();
            params.add(c.id());
            int p2 = params.size();
            sql.append(" AND (reported_at, id) < (?").append(p1).append(", ?").append(p2).append(")");
        }
        sql.append(" ORDER BY reported_at DESC, id DESC LIMIT ").append(size + 1);
        if (cursor == null && page != null) {
            sql.append(" OFFSET ").append((long) page * size);
        }
        @SuppressWarnings("unchecked")
        List<StoredIncident> rows = bind(em.createNativeQuery(sql.toString(), StoredIncident.class), params).getResultList();
        boolean more = rows.size() > size;
        List<StoredIncident> pageRows = more ? rows.subList(0, size) : rows;
        // The rows passed the rule's row filter above, so an investigator's authority investigates each of them.
        Set<Authority> own = reader.authority() == null ? Set.of() : Set.of(reader.authority());
        List<IncidentSnapshot> items = pageRows.stream().map(r -> mapper.toDomain(r).snapshot())
                .map(i -> ReaderRule.sight(reader, i.tlp(), own).incident(i).orElseThrow()).toList();
        String next = more ? new Cursor(pageRows.get(size - 1).reportedAt, pageRows.get(size - 1).id).encode() : null;
        return new Page(items, cursor == null ? Optional.ofNullable(page).orElse(0) : null, size, total, next);
    }

    /** {@code tlp IN (...)} for the given markings, bound as parameters; never true for none. */
    private static String tlpIn(Set<Tlp> tlps, List<Object> params) {
        if (tlps.isEmpty()) {
            return "FALSE";
        }
        StringBuilder in = new StringBuilder("tlp IN (");
        for (Tlp tlp : tlps) {
            params.add(tlp.name());
            in.append(in.charAt(in.length() - 1) == '(' ? "" : ", ").append('?').append(params.size());
        }
        return in.append(')').toString();
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

    /** Position after the last item of a page: its report time and id. */
    record Cursor(Instant reportedAt, UUID id) {
        String encode() {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((reportedAt + "|" + id).getBytes(StandardCharsets.UTF_8));
        }

        static Cursor decode(String s) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(s), StandardCharsets.UTF_8).split("\\|");
                return new Cursor(Instant.parse(parts[0]), UUID.fromString(parts[1]));
            } catch (RuntimeException e) {
                throw ProblemException.invalid("cursor", "is not a cursor returned by this API");
            }
        }
    }
}
