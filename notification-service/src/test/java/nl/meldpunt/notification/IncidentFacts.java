package nl.meldpunt.notification;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import nl.meldpunt.contract.Authority;
import nl.meldpunt.contract.Category;
import nl.meldpunt.contract.ContactPoint;
import nl.meldpunt.contract.Controller;
import nl.meldpunt.contract.IncidentSnapshot;
import nl.meldpunt.contract.IncidentStatus;
import nl.meldpunt.contract.Indicator;
import nl.meldpunt.contract.Nis2Entity;
import nl.meldpunt.contract.Organization;
import nl.meldpunt.contract.OrganizationKind;
import nl.meldpunt.contract.OrganizationRole;
import nl.meldpunt.contract.PersonalData;
import nl.meldpunt.contract.Reporter;
import nl.meldpunt.contract.Sector;
import nl.meldpunt.contract.Severity;
import nl.meldpunt.contract.SpecialCategory;
import nl.meldpunt.contract.Tlp;

/**
 * Incident snapshots for tests, starting from the reference case: Clinical Diagnostics, the lab
 * that processed cervical-screening samples for Bevolkingsonderzoek Nederland, aware on 6 July 2025.
 */
public final class IncidentFacts {

    public static final String LAB = "Clinical Diagnostics NMDL";
    public static final String SCREENING = "Bevolkingsonderzoek Nederland";
    public static final Instant AWARE = Instant.parse("2025-07-06T08:00:00Z");

    public UUID id = UUID.randomUUID();
    public String reference = "INC-2025-000123";
    public String title = "Ransomware and data theft at Clinical Diagnostics laboratory";
    public String summary = "Attackers exfiltrated patient data of the national cervical-cancer screening programme.";
    public Category category = Category.RANSOMWARE;
    public Severity severity = Severity.CRITICAL;
    public Tlp tlp = Tlp.AMBER;
    public String organisation = LAB;
    public OrganizationKind kind = OrganizationKind.LABORATORY;
    public Sector sector = Sector.HEALTHCARE;
    public Nis2Entity nis2Entity = Nis2Entity.ESSENTIAL;
    public OrganizationRole role = OrganizationRole.PROCESSOR;
    public List<Controller> controllers = new ArrayList<>(List.of(new Controller(SCREENING,
            OrganizationKind.SCREENING_ORGANISATION, null)));
    public Instant awareAt = AWARE;
    public PersonalData personalData = new PersonalData(true, List.of(SpecialCategory.HEALTH, SpecialCategory.NATIONAL_ID_NUMBER),
            485_000L, List.of("name", "address", "date of birth", "BSN", "test results"));
    public ContactPoint contactPoint;
    public Long estimatedRecords;
    public String likelyConsequences;
    public String measuresTaken;
    public Boolean suspectedMalicious = true;
    public Boolean crossBorderImpact = false;
    public List<Indicator> indicators;
    public String rootCause;
    public String mitigations;
    public Set<Authority> requiredAuthorities;
    public IncidentStatus status = IncidentStatus.REPORTED;
    public long version = 1;
    public Instant updatedAt = Instant.parse("2025-07-06T09:00:00Z");

    public static IncidentFacts referenceCase() {
        return new IncidentFacts();
    }

    /** The same incident one change later. */
    public IncidentFacts next(Instant at) {
        version++;
        updatedAt = at;
        return this;
    }

    /** The facts GDPR Art. 33(3)(a)-(d) asks for that the reference case lacks at intake. */
    public IncidentFacts withNotificationFacts() {
        contactPoint = new ContactPoint("Functionaris gegevensbescherming", "fg@clinicaldiagnostics.example", null);
        estimatedRecords = 941_000L;
        likelyConsequences = "Identity fraud and phishing using health data; distress among screening participants.";
        measuresTaken = "Systems isolated, passwords reset, forensic investigation commissioned, participants informed.";
        return this;
    }

    public IncidentSnapshot snapshot() {
        return new IncidentSnapshot(id, reference, title, summary, category, severity, tlp,
                new Organization(organisation, kind, sector, nis2Entity, role), controllers == null ? null : List.copyOf(controllers),
                new Reporter("analyst@meldpunt.local", "Z-CERT"), Instant.parse("2025-07-06T06:00:00Z"), awareAt,
                Instant.parse("2025-07-06T09:00:00Z"), personalData, contactPoint, estimatedRecords, likelyConsequences,
                measuresTaken, suspectedMalicious, crossBorderImpact, indicators, rootCause, mitigations, requiredAuthorities,
                status, version, updatedAt);
    }
}
