package nl.meldpunt.incident.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import nl.meldpunt.contract.Authority;
import nl.meldpunt.contract.Category;
import nl.meldpunt.contract.Controller;
import nl.meldpunt.contract.Nis2Entity;
import nl.meldpunt.contract.Organization;
import nl.meldpunt.contract.OrganizationKind;
import nl.meldpunt.contract.OrganizationRole;
import nl.meldpunt.contract.PersonalData;
import nl.meldpunt.contract.Sector;
import nl.meldpunt.contract.Severity;
import nl.meldpunt.contract.Tlp;

class DetailRulesTest {

    static final Instant NOW = Instant.parse("2025-07-09T12:00:00Z");

    static IncidentDetails lab(Severity severity, OrganizationRole role, List<Controller> controllers, PersonalData pd,
            Sector sector, Nis2Entity nis2) {
        return new IncidentDetails("Hack at lab", null, Category.RANSOMWARE, severity, Tlp.AMBER,
                new Organization("Clinical Diagnostics NMDL", OrganizationKind.LABORATORY, sector, nis2, role), controllers,
                Instant.parse("2025-07-06T06:00:00Z"), Instant.parse("2025-07-06T08:00:00Z"), pd, null, null, null, null,
                null, null, null, null, null);
    }

    static IncidentDetails referenceCase() {
        return lab(Severity.CRITICAL, OrganizationRole.PROCESSOR,
                List.of(new Controller("Bevolkingsonderzoek Nederland", OrganizationKind.SCREENING_ORGANISATION, null)),
                new PersonalData(true, List.of(), 485_000L, List.of()), Sector.HEALTHCARE, Nis2Entity.ESSENTIAL);
    }

    @Test
    void theReferenceCaseIsValid() {
        assertEquals(List.of(), DetailRules.check(referenceCase(), NOW));
    }

    @Test
    void controllersAreNamedOnlyForAProcessor() {
        IncidentDetails d = lab(Severity.HIGH, OrganizationRole.CONTROLLER,
                List.of(new Controller("Someone", null, null)), null, Sector.HEALTHCARE, Nis2Entity.NONE);
        assertEquals(List.of("controllers"), DetailRules.check(d, NOW).stream().map(FieldViolation::field).toList());
    }

    @Test
    void detectionAfterAwarenessIsRefused() {
        IncidentDetails ok = referenceCase();
        IncidentDetails d = new IncidentDetails(ok.title(), null, ok.category(), ok.severity(), ok.tlp(),
                ok.affectedOrganization(), ok.controllers(), Instant.parse("2025-07-07T00:00:00Z"), ok.awareAt(),
                ok.personalData(), null, -1L, null, null, null, null, null, null, null);
        List<String> fields = DetailRules.check(d, NOW).stream().map(FieldViolation::field).toList();
        assertEquals(List.of("detectedAt", "estimatedRecords"), fields);
    }

    @Test
    void aNegativeNumberOfDataSubjectsIsRefused() {
        IncidentDetails d = lab(Severity.HIGH, OrganizationRole.CONTROLLER, null,
                new PersonalData(true, null, -5L, null), Sector.HEALTHCARE, Nis2Entity.NONE);
        assertTrue(DetailRules.check(d, NOW).contains(
                new FieldViolation("personalData.estimatedDataSubjects", "must not be negative")));
    }

    @Test
    void routingSendsTheReferenceCaseToApIgjAndCsirt() {
        assertEquals(Set.of(Authority.AP, Authority.IGJ, Authority.CSIRT),
                AuthorityRouting.defaults(referenceCase(), Severity.CRITICAL, AuthorityRouting.Rules.ALL));
    }

    @Test
    void routingLeavesIgjOutBelowHighSeverityAndOutsideHealthcare() {
        assertEquals(Set.of(Authority.AP, Authority.CSIRT),
                AuthorityRouting.defaults(referenceCase(), Severity.MEDIUM, AuthorityRouting.Rules.ALL));
        IncidentDetails energy = lab(Severity.CRITICAL, OrganizationRole.CONTROLLER, null, null, Sector.ENERGY,
                Nis2Entity.NONE);
        assertEquals(Set.of(), AuthorityRouting.defaults(energy, Severity.CRITICAL, AuthorityRouting.Rules.ALL));
    }

    @Test
    void aRoutingRuleSwitchedOffInConfigurationNoLongerApplies() {
        assertEquals(Set.of(Authority.IGJ, Authority.CSIRT), AuthorityRouting.defaults(referenceCase(), Severity.CRITICAL,
                new AuthorityRouting.Rules(false, true, true)));
    }
}
