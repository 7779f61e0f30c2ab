package nl.meldpunt.incident.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import nl.meldpunt.contract.Controller;
import nl.meldpunt.contract.Indicator;
import nl.meldpunt.contract.OrganizationRole;
import nl.meldpunt.contract.PersonalData;

/**
 * Checks incident details after intake or after a patch. Every violation names its field, so
 * the client learns everything wrong in one round trip.
 */
public final class DetailRules {

    public static final int MAX_TITLE = 300;
    public static final int MAX_TEXT = 20_000;
    public static final int MAX_NAME = 300;
    public static final int MAX_INDICATORS = 500;
    /** Clocks of reporters and servers differ a little; beyond this, a time "in the future" is an error. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private DetailRules() {
    }

    public static List<FieldViolation> check(IncidentDetails d, Instant now) {
        List<FieldViolation> v = new ArrayList<>();
        text(v, "title", d.title(), MAX_TITLE, true);
        text(v, "summary", d.summary(), MAX_TEXT, false);
        required(v, "category", d.category());
        required(v, "severity", d.severity());
        required(v, "tlp", d.tlp());
        required(v, "awareAt", d.awareAt());
        if (d.affectedOrganization() == null) {
            v.add(new FieldViolation("affectedOrganization", "is required"));
        } else {
            var o = d.affectedOrganization();
            text(v, "affectedOrganization.name", o.name(), MAX_NAME, true);
            required(v, "affectedOrganization.kind", o.kind());
            required(v, "affectedOrganization.sector", o.sector());
            required(v, "affectedOrganization.nis2Entity", o.nis2Entity());
            required(v, "affectedOrganization.role", o.role());
            if (o.role() == OrganizationRole.CONTROLLER && d.controllers() != null && !d.controllers().isEmpty()) {
                v.add(new FieldViolation("controllers",
                        "controllers are named only when the affected organisation acts as PROCESSOR (GDPR Art. 28)"));
            }
        }
        if (d.controllers() != null) {
            for (int i = 0; i < d.controllers().size(); i++) {
                Controller c = d.controllers().get(i);
                if (c == null) {
                    v.add(new FieldViolation("controllers[" + i + "]", "must not be null"));
                    continue;
                }
                text(v, "controllers[" + i + "].name", c.name(), MAX_NAME, true);
                notFuture(v, "controllers[" + i + "].awareAt", c.awareAt(), now);
            }
        }
        notFuture(v, "awareAt", d.awareAt(), now);
        notFuture(v, "detectedAt", d.detectedAt(), now);
        if (d.detectedAt() != null && d.awareAt() != null && d.detectedAt().isAfter(d.awareAt())) {
            v.add(new FieldViolation("detectedAt", "must not be after awareAt: awareness follows detection"));
        }
        PersonalData p = d.personalData();
        if (p != null) {
            nonNegative(v, "personalData.estimatedDataSubjects", p.estimatedDataSubjects());
            if (p.specialCategories() != null && p.specialCategories().stream().anyMatch(java.util.Objects::isNull)) {
                v.add(new FieldViolation("personalData.specialCategories", "must not contain null"));
            }
        }
        nonNegative(v, "estimatedRecords", d.estimatedRecords());
        text(v, "likelyConsequences", d.likelyConsequences(), MAX_TEXT, false);
        text(v, "measuresTaken", d.measuresTaken(), MAX_TEXT, false);
        text(v, "rootCause", d.rootCause(), MAX_TEXT, false);
        text(v, "mitigations", d.mitigations(), MAX_TEXT, false);
        if (d.indicators() != null) {
            if (d.indicators().size() > MAX_INDICATORS) {
                v.add(new FieldViolation("indicators", "at most " + MAX_INDICATORS + " indicators"));
            }
            for (int i = 0; i < d.indicators().size(); i++) {
                Indicator ind = d.indicators().get(i);
                if (ind == null) {
                    v.add(new FieldViolation("indicators[" + i + "]", "must not be null"));
                    continue;
                }
                required(v, "indicators[" + i + "].type", ind.type());
                text(v, "indicators[" + i + "].value", ind.value(), 2048, true);
            }
        }
        if (d.contactPoint() != null) {
            text(v, "contactPoint.name", d.contactPoint().name(), MAX_NAME, false);
            text(v, "contactPoint.email", d.contactPoint().email(), MAX_NAME, false);
            text(v, "contactPoint.phone", d.contactPoint().phone(), 64, false);
        }
        return v;
    }

    private static void required(List<FieldViolation> v, String field, Object value) {
        if (value == null) {
            v.add(new FieldViolation(field, "is required"));
        }
    }

    private static void text(List<FieldViolation> v, String field, String value, int max, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                v.add(new FieldViolation(field, "is required and must not be blank"));
            }
            return;
        }
        if (value.codePointCount(0, value.length()) > max) {
            v.add(new FieldViolation(field, "must be at most " + max + " characters"));
        }
    }

    private static void nonNegative(List<FieldViolation> v, String field, Long value) {
        if (value != null && value < 0) {
            v.add(new FieldViolation(field, "must not be negative"));
        }
    }

    private static void notFuture(List<FieldViolation> v, String field, Instant value, Instant now) {
        if (value != null && value.isAfter(now.plus(CLOCK_SKEW))) {
            v.add(new FieldViolation(field, "must not be in the future"));
        }
    }
}
