package nl.meldpunt.notification;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;

import nl.meldpunt.contract.Actor;
import nl.meldpunt.contract.Authority;
import nl.meldpunt.contract.EventType;
import nl.meldpunt.contract.IncidentEventData;
import nl.meldpunt.contract.IncidentStatus;
import nl.meldpunt.contract.InvestigationEventData;
import nl.meldpunt.contract.InvestigationSnapshot;
import nl.meldpunt.contract.InvestigationStatus;

/** The incident-service and investigation-service events of a case, as those services publish them. */
public final class CaseEvents {

    public static final Actor ANALYST = new Actor("analyst@meldpunt.local", "Z-CERT", "analyst", null);

    private CaseEvents() {
    }

    /** Reports the lab's incident at {@code now} and waits for its seven obligations. */
    public static IncidentFacts reportTheLab(MovableClock clock, Instant now) {
        IncidentFacts lab = IncidentFacts.referenceCase();
        clock.set(now);
        reported(lab);
        Api.awaitObligations(lab.id, 7);
        return lab;
    }

    public static Broker.Sent reported(IncidentFacts f) {
        return Broker.publish(EventType.INCIDENT_REPORTED, f.id, new IncidentEventData(f.snapshot(), ANALYST, null, null, null, null));
    }

    public static Broker.Sent updated(IncidentFacts f, String... changedFields) {
        return Broker.publish(EventType.INCIDENT_UPDATED, f.id,
                new IncidentEventData(f.snapshot(), ANALYST, List.of(changedFields), null, null, null));
    }

    public static Broker.Sent triaged(IncidentFacts f) {
        f.status = IncidentStatus.TRIAGED;
        if (f.requiredAuthorities == null) {
            f.requiredAuthorities = EnumSet.of(Authority.AP, Authority.CSIRT);
        }
        return Broker.publish(EventType.INCIDENT_TRIAGED, f.id, new IncidentEventData(f.snapshot(), ANALYST, null, null, null, null));
    }

    /** The analyst rejects the incident, e.g. as a duplicate. */
    public static Broker.Sent rejected(IncidentFacts f, String reason) {
        f.status = IncidentStatus.REJECTED;
        return Broker.publish(EventType.INCIDENT_REJECTED, f.id, new IncidentEventData(f.snapshot(), ANALYST, null, reason, null, null));
    }

    public static Broker.Sent investigationOpened(IncidentFacts f, Authority authority) {
        InvestigationSnapshot investigation = new InvestigationSnapshot(UUID.randomUUID(), f.id, f.reference, authority,
                InvestigationStatus.OPEN, "opened at triage", null, Instant.parse("2025-07-07T09:00:00Z"), null, null, null,
                null, null, 0, 1);
        return Broker.publish(EventType.INVESTIGATION_OPENED, f.id, new InvestigationEventData(investigation, Actor.SYSTEM, null));
    }
}
