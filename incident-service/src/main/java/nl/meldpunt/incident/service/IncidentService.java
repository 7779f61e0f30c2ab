package nl.meldpunt.incident.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.agroal.api.AgroalDataSource;

import nl.meldpunt.contract.Actor;
import nl.meldpunt.contract.Authority;
import nl.meldpunt.contract.EventType;
import nl.meldpunt.contract.IncidentEventData;
import nl.meldpunt.contract.InvestigationEventData;
import nl.meldpunt.contract.IncidentSnapshot;
import nl.meldpunt.contract.IncidentStatus;
import nl.meldpunt.contract.Reporter;
import nl.meldpunt.contract.Severity;
import nl.meldpunt.incident.config.IncidentConfig;
import nl.meldpunt.incident.domain.AuthorityRouting;
import nl.meldpunt.incident.domain.DetailRules;
import nl.meldpunt.incident.domain.FieldViolation;
import nl.meldpunt.incident.domain.Incident;
import nl.meldpunt.incident.domain.IncidentDetails;
import nl.meldpunt.incident.persistence.StoredIncident;
import nl.meldpunt.incident.persistence.StoredInvestigation;
import nl.meldpunt.support.inbox.Inbox;
import nl.meldpunt.support.inbox.IncomingEvent;
import nl.meldpunt.support.outbox.EventLog;
import nl.meldpunt.support.outbox.LoggedEvent;
import nl.meldpunt.support.outbox.TimeOrderedUuid;
import nl.meldpunt.support.rest.Caller;
import nl.meldpunt.support.rest.ETags;
import nl.meldpunt.support.rest.Problem;
import nl.meldpunt.support.rest.ProblemException;

/**
 * Every change to an incident: load under a row lock, check If-Match, let the domain decide,
 * store the row and append the event, all in one transaction.
 */
@ApplicationScoped
public class IncidentService {

    /** Reference numbers count per year in the Netherlands' calendar. */
    static final ZoneId REFERENCE_ZONE = ZoneId.of("Europe/Amsterdam");

    @Inject
    EntityManager em;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    EventLog eventLog;

    @Inject
    IncidentMapper mapper;

    @Inject
    ObjectMapper json;

    @Inject
    IncidentConfig config;

    @Inject
    Inbox inbox;

    @Inject
    Clock clock;

    /** What {@code POST /incidents} answers: the incident, and whether this repeats an earlier request. */
    public record Reported(IncidentSnapshot incident, String body, boolean replay) {
    }

    @Transactional
    public Reported report(IncidentDetails details, Caller caller, String idempotencyKey) {
        String requestHash = null;
        if (idempotencyKey != null) {
            if (idempotencyKey.isBlank() || idempotencyKey.length() > 200) {
                throw ProblemException.invalid("Idempotency-Key", "must be 1 to 200 characters");
            }
            requestHash = hash(details);
            Optional<Reported> earlier = earlierResponse(caller.subject(), idempotencyKey, requestHash);
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        Instant now = now();
        validate(details, now);
        UUID id = TimeOrderedUuid.next();
        Incident incident = Incident.report(id, nextReference(now), details, new Reporter(caller.subject(),
                caller.organisation()), now);
        if (idempotencyKey != null) {
            // Claimed before the incident is written: a concurrent twin waits on this row and then replays.
            em.createNativeQuery("INSERT INTO idempotency_key (subject, key, request_hash, incident_id, response_body) "
                    + "VALUES (?1, ?2, ?3, ?4, '')")
                    .setParameter(1, caller.subject()).setParameter(2, idempotencyKey)
                    .setParameter(3, requestHash).setParameter(4, id).executeUpdate();
        }
        StoredIncident row = new StoredIncident();
        mapper.copy(incident, row);
        insert(row);
        IncidentSnapshot snapshot = incident.snapshot();
        // The snapshot is written once: the same JSON is the response body and the event's incident.
        String body = write(snapshot);
        eventLog.append(EventType.INCIDENT_REPORTED, id, caller.subject(), new ReportedEventData(body, caller.actor()));
        if (idempotencyKey != null) {
            em.createNativeQuery("UPDATE idempotency_key SET response_body = ?1 WHERE subject = ?2 AND key = ?3")
                    .setParameter(1, body).setParameter(2, caller.subject()).setParameter(3, idempotencyKey)
                    .executeUpdate();
        }
        return new Reported(snapshot, body, false);
    }

    /**
     * The data of {@code incident.reported}, written exactly as {@link IncidentEventData} writes it
     * (incident, then actor; the other fields are null on a report and left out), but with the
     * snapshot's JSON already written for the response body, so one report serialises it once.
     * IncidentEventsTest compares the published event with IncidentEventData's own JSON.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ReportedEventData(@JsonRawValue String incident, Actor actor) {
    }

    @Transactional
    public Optional<Reported> earlierResponse(String subject, String key, String requestHash) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                "SELECT request_hash, response_body FROM idempotency_key WHERE subject = ?1 AND key = ?2")
                .setParameter(1, subject).setParameter(2, key).getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        if (!rows.get(0)[0].equals(requestHash)) {
            throw ProblemException.unprocessable("Idempotency-Key",
                    "this Idempotency-Key was already used with a different request body");
        }
        String body = (String) rows.get(0)[1];
        try {
            return Optional.of(new Reported(json.readValue(body, IncidentSnapshot.class), body, true));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public String hash(IncidentDetails details) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(write(details).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** JSON Merge Patch (RFC 7396) of the analyst-stated details. */
    @Transactional
    public IncidentSnapshot patch(UUID id, JsonNode patch, String ifMatch, Caller caller) throws JsonProcessingException {
        if (patch == null || !patch.isObject()) {
            throw ProblemException.invalid("body", "must be a JSON object (RFC 7396 merge patch)");
        }
        if (patch.isEmpty()) {
            throw ProblemException.invalid("body", "names no field to change");
        }
        for (Iterator<String> it = patch.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (READ_ONLY.containsKey(f)) {
                throw ProblemException.invalid(f, READ_ONLY.get(f));
            }
        }
        StoredIncident row = lock(id);
        ETags.check(ifMatch, row.version);
        Incident incident = mapper.toDomain(row);
        JsonNode before = json.valueToTree(incident.details());
        JsonNode after = mergePatch(before.deepCopy(), patch);
        // Unknown fields, bad enums and bad dates fail here exactly as they would in a POST body.
        IncidentDetails changed = json.treeToValue(after, IncidentDetails.class);
        List<String> changedFields = new ArrayList<>();
        diff("", before, json.valueToTree(changed), changedFields);
        if (changedFields.isEmpty()) {
            return incident.snapshot();
        }
        Instant now = now();
        validate(changed, now);
        incident.update(changed, now);
        return save(row, incident, EventType.INCIDENT_UPDATED, caller.actor(), changedFields, null, null, null);
    }

    private static final Map<String, String> READ_ONLY = Map.of(
            "id", "is assigned by Meldpunt and cannot change",
            "reference", "is assigned by Meldpunt and cannot change",
            "status", "changes only through /triage, /close, /reject and /reopen",
            "version", "is read-only; send it as If-Match instead",
            "reportedBy", "comes from the reporter's token and cannot change",
            "reportedAt", "is read-only",
            "updatedAt", "is read-only",
            "requiredAuthorities", "is set by POST /incidents/{id}/triage");

    @Transactional
    public IncidentSnapshot triage(UUID id, Severity severity, Set<Authority> authorities, String rationale, String ifMatch,
            Caller caller) {
        return change(id, ifMatch, caller, EventType.INCIDENT_TRIAGED, rationale, (incident, now) -> {
            Severity effective = severity != null ? severity : incident.details().severity();
            Set<Authority> required = authorities != null ? authorities
                    : AuthorityRouting.defaults(incident.details(), effective, routingRules());
            incident.triage(severity, required, now);
        });
    }

    @Transactional
    public IncidentSnapshot close(UUID id, String reason, String ifMatch, Caller caller) {
        return change(id, ifMatch, caller, EventType.INCIDENT_CLOSED, reason, Incident::close);
    }

    @Transactional
    public IncidentSnapshot reject(UUID id, String reason, String ifMatch, Caller caller) {
        return change(id, ifMatch, caller, EventType.INCIDENT_REJECTED, reason, Incident::reject);
    }

    @Transactional
    public IncidentSnapshot reopen(UUID id, String reason, String ifMatch, Caller caller) {
        return change(id, ifMatch, caller, EventType.INCIDENT_REOPENED, reason, Incident::reopen);
    }

    /** One analyst decision: lock the row, honour If-Match, let the domain move, store and log it. */
    private IncidentSnapshot change(UUID id, String ifMatch, Caller caller, EventType type, String reason,
            java.util.function.BiConsumer<Incident, Instant> move) {
        StoredIncident row = lock(id);
        ETags.check(ifMatch, row.version);
        Incident incident = mapper.toDomain(row);
        move.accept(incident, now());
        return save(row, incident, type, caller.actor(), null, reason, null, null);
    }

    /**
     * Applies one investigation event exactly once: the inbox records its id in this
     * transaction, so a redelivery after commit changes nothing.
     */
    @Transactional
    public void apply(IncomingEvent event, InvestigationEventData data) {
        if (!inbox.firstDelivery(event)) {
            return;
        }
        switch (event.type()) {
            case INVESTIGATION_OPENED -> investigationOpened(event.subject(), data.investigation().id(),
                    data.investigation().authority());
            case INVESTIGATION_CONCLUDED -> investigationConcluded(event.subject(), data.investigation().id());
            default -> {
                // assignments and findings do not change the incident
            }
        }
    }

    /**
     * {@code investigation.opened}: remember the investigation; the first one moves a triaged
     * incident to INVESTIGATING. Runs in the consumer's transaction, after the inbox check.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void investigationOpened(UUID incidentId, UUID investigationId, Authority authority) {
        StoredIncident row = em.find(StoredIncident.class, incidentId, LockModeType.PESSIMISTIC_WRITE);
        if (row == null) {
            throw new UnknownIncident(incidentId);
        }
        if (em.find(StoredInvestigation.class, investigationId) == null) {
            StoredInvestigation inv = new StoredInvestigation();
            inv.investigationId = investigationId;
            inv.incidentId = incidentId;
            inv.authority = authority.name();
            inv.openedAt = now();
            inv.persist();
        }
        Incident incident = mapper.toDomain(row);
        if (incident.status() == IncidentStatus.TRIAGED) {
            incident.startInvestigation(now());
            // The platform moves the incident once an investigation is opened, whoever opened it (a person by
            // hand or the platform on triage): investigation.opened names the opener, this event the platform.
            save(row, incident, EventType.INCIDENT_INVESTIGATION_STARTED, Actor.SYSTEM, null, null, investigationId,
                    authority);
        }
    }

    /** {@code investigation.concluded}: when none remains open, an investigating incident is RESOLVED. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void investigationConcluded(UUID incidentId, UUID investigationId) {
        StoredIncident row = em.find(StoredIncident.class, incidentId, LockModeType.PESSIMISTIC_WRITE);
        if (row == null) {
            throw new UnknownIncident(incidentId);
        }
        StoredInvestigation inv = em.find(StoredInvestigation.class, investigationId);
        if (inv == null) {
            throw new IllegalStateException("investigation " + investigationId + " concluded before it was opened");
        }
        inv.concluded = true;
        long open = StoredInvestigation.count("incidentId = ?1 and concluded = false", incidentId);
        Incident incident = mapper.toDomain(row);
        if (open == 0 && incident.status() == IncidentStatus.INVESTIGATING) {
            incident.resolve(now());
            // The platform resolves the incident once every investigation concluded; no investigator decided it.
            save(row, incident, EventType.INCIDENT_RESOLVED, Actor.SYSTEM, null, null, null, null);
        }
    }

    /** An event names an incident this service does not know: nothing can be applied. */
    public static class UnknownIncident extends RuntimeException {
        public UnknownIncident(UUID id) {
            super("incident " + id + " is unknown to incident-service");
        }
    }

    /** The id of the incident with this reference ({@code INC-2026-000005}, any case). */
    public Optional<UUID> idOfReference(String reference) {
        return StoredIncident.find("reference", reference.toUpperCase(java.util.Locale.ROOT)).firstResultOptional()
                .map(r -> ((StoredIncident) r).id);
    }

    public Optional<Incident> find(UUID id) {
        StoredIncident row = em.find(StoredIncident.class, id);
        return Optional.ofNullable(row).map(mapper::toDomain);
    }

    /** Authorities with an investigation into the incident (for investigator access). */
    public Set<Authority> investigatingAuthorities(UUID incidentId) {
        List<StoredInvestigation> list = StoredInvestigation.list("incidentId", incidentId);
        Set<Authority> result = java.util.EnumSet.noneOf(Authority.class);
        list.forEach(i -> result.add(Authority.valueOf(i.authority)));
        return result;
    }

    /** The incident as it was known at {@code asOf}: the snapshot of the last event committed by then. */
    public Optional<IncidentSnapshot> asOf(UUID id, Instant asOf) {
        List<LoggedEvent> events = eventLog.historyUntil(id, asOf);
        if (events.isEmpty()) {
            return Optional.empty();
        }
        try {
            IncidentEventData data = json.readValue(events.get(events.size() - 1).data(), IncidentEventData.class);
            return Optional.of(data.incident());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private IncidentSnapshot save(StoredIncident row, Incident incident, EventType type, Actor actor,
            List<String> changedFields, String reason, UUID investigationId, Authority authority) {
        mapper.copy(incident, row);
        IncidentSnapshot snapshot = incident.snapshot();
        eventLog.append(type, incident.id(), actor.subject(),
                new IncidentEventData(snapshot, actor, changedFields, reason, investigationId, authority));
        return snapshot;
    }

    private StoredIncident lock(UUID id) {
        StoredIncident row = em.find(StoredIncident.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (row == null) {
            throw ProblemException.notFound("no incident " + id);
        }
        return row;
    }

    private void validate(IncidentDetails details, Instant now) {
        List<FieldViolation> violations = DetailRules.check(details, now);
        if (!violations.isEmpty()) {
            throw ProblemException.invalid(violations.stream().map(v -> new Problem.FieldError(v.field(), v.reason())).toList());
        }
    }

    /*
     * A report writes a new row and reads nothing back, so it needs no Hibernate session: the
     * reference and the row go over JDBC on the transaction's own connection (Agroal enlists it in
     * the JTA transaction, as for EventLog.append), and the row commits or rolls back with the event.
     * Opening the session, planning the native query and flushing the entity at commit cost more CPU
     * than the rest of the transaction in the benchmark's profile (docs/benchmarks.md).
     */
    private static final String INSERT_INCIDENT = "INSERT INTO incident (id, reference, status, severity, tlp, title, "
            + "organisation_name, organisation_kind, required_authorities, details, reported_by_subject, reported_by_org, "
            + "reported_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?)";

    private String nextReference(Instant now) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT nextval('incident_reference_seq')");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return String.format("INC-%d-%06d", now.atZone(REFERENCE_ZONE).getYear(), rs.getLong(1));
        } catch (SQLException e) {
            throw new IllegalStateException("no reference number: " + e.getMessage(), e);
        }
    }

    private void insert(StoredIncident row) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(INSERT_INCIDENT)) {
            ps.setObject(1, row.id);
            ps.setString(2, row.reference);
            ps.setString(3, row.status);
            ps.setString(4, row.severity);
            ps.setString(5, row.tlp);
            ps.setString(6, row.title);
            ps.setString(7, row.organisationName);
            ps.setString(8, row.organisationKind);
            ps.setString(9, row.requiredAuthorities);
            ps.setString(10, row.details);
            ps.setString(11, row.reportedBySubject);
            ps.setString(12, row.reportedByOrg);
            ps.setObject(13, row.reportedAt.atOffset(ZoneOffset.UTC));
            ps.setObject(14, row.updatedAt.atOffset(ZoneOffset.UTC));
            ps.setLong(15, row.version);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("incident " + row.id + " could not be stored: " + e.getMessage(), e);
        }
    }

    private AuthorityRouting.Rules routingRules() {
        var r = config.routing();
        return new AuthorityRouting.Rules(r.personalDataToAp(), r.healthcareSevereToIgj(), r.nis2ToCsirt());
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode mergePatch(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch;
        }
        ObjectNode result = target != null && target.isObject() ? (ObjectNode) target
                : com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isNull()) {
                result.remove(e.getKey());
            } else {
                result.set(e.getKey(), mergePatch(result.get(e.getKey()), e.getValue()));
            }
        }
        return result;
    }

    /** Dotted paths of the fields that differ, e.g. {@code personalData.estimatedDataSubjects}. */
    static void diff(String prefix, JsonNode before, JsonNode after, List<String> out) {
        if (before != null && after != null && before.isObject() && after.isObject()) {
            java.util.TreeSet<String> names = new java.util.TreeSet<>();
            before.fieldNames().forEachRemaining(names::add);
            after.fieldNames().forEachRemaining(names::add);
            for (String n : names) {
                diff(prefix.isEmpty() ? n : prefix + "." + n, before.get(n), after.get(n), out);
            }
        } else if (!java.util.Objects.equals(before, after)) {
            out.add(prefix);
        }
    }
}
