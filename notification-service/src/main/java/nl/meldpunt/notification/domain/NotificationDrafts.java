package nl.meldpunt.notification.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import nl.meldpunt.contract.IncidentSnapshot;
import nl.meldpunt.contract.ObligationKind;
import nl.meldpunt.contract.ObligationState;
import nl.meldpunt.contract.PersonalData;

/** Assembles the draft of a notification from the incident's facts, per the article that prescribes its content. */
public final class NotificationDrafts {

    private NotificationDrafts() {
    }

    public static NotificationDraft assemble(Obligation o, IncidentSnapshot incident, Instant now) {
        Assembly a = new Assembly(incident);
        List<String> notes = new ArrayList<>();
        switch (o.kind()) {
            case GDPR_ART33_AP -> gdprArticle33(a, "GDPR Art. 33(3)");
            case GDPR_ART33_2_CONTROLLER -> {
                gdprArticle33(a, "GDPR Art. 33(3)");
                notes.add("GDPR Art. 33(2) prescribes no content; these are the facts the controller needs for its own "
                        + "notification to the AP under Art. 33(3), and its 72 h run from receiving this notice.");
            }
            case GDPR_ART34_SUBJECTS -> {
                // Art. 34(2): in clear and plain language, the nature of the breach and at least 33(3)(b)-(d).
                a.section("Nature of the breach", "GDPR Art. 34(2)")
                        .required("summary", "What happened, in clear and plain language", incident.summary());
                contactPointConsequencesMeasures(a, "GDPR Art. 34(2) with Art. 33(3)");
                notes.add("Data minimisation: address the data subjects directly; Meldpunt holds no data about them.");
            }
            case NIS2_EARLY_WARNING -> {
                earlyWarning(a, "NIS2 Art. 23(4)(a)");
            }
            case NIS2_NOTIFICATION -> {
                earlyWarning(a, "NIS2 Art. 23(4)(b), updating Art. 23(4)(a)");
                a.section("Initial assessment", "NIS2 Art. 23(4)(b)")
                        .required("severity", "Severity", incident.severity())
                        .required("likelyConsequences", "Impact", incident.likelyConsequences())
                        .required("indicators", "Indicators of compromise, where available", incident.indicators());
            }
            case NIS2_FINAL_REPORT -> {
                a.section("Detailed description", "NIS2 Art. 23(4)(d)(i)")
                        .required("summary", "Description of the incident", incident.summary())
                        .required("severity", "Severity", incident.severity())
                        .required("likelyConsequences", "Impact", incident.likelyConsequences());
                a.section("Type of threat or root cause", "NIS2 Art. 23(4)(d)(ii)")
                        .required("rootCause", "Root cause", incident.rootCause());
                a.section("Mitigation", "NIS2 Art. 23(4)(d)(iii)")
                        .required("mitigations", "Applied and ongoing mitigation measures", incident.mitigations());
                a.section("Cross-border impact", "NIS2 Art. 23(4)(d)(iv)")
                        .required("crossBorderImpact", "Cross-border impact of the incident", incident.crossBorderImpact());
                notes.add("If the incident is still ongoing when the final report is due, send a progress report now and "
                        + "the final report within one month of handling it (NIS2 Art. 23(4)(e)).");
            }
            case IGJ_CALAMITY_REPORT -> {
                a.section("What happened", "Wkkgz Art. 11(1)(a)")
                        .required("summary", "Description of the event", incident.summary())
                        .required("likelyConsequences", "Consequences for clients", incident.likelyConsequences());
                a.section("Measures", "Wkkgz Art. 11(1)(a)")
                        .required("measuresTaken", "Measures taken", incident.measuresTaken());
                a.section("Contact", "Wkkgz Art. 11(1)(a)")
                        .required("contactPoint", "Contact point of the healthcare provider", incident.contactPoint());
            }
        }
        if (!a.missing.isEmpty() && o.kind().name().startsWith("GDPR")) {
            notes.add("What is not known yet may follow in phases without undue further delay (GDPR Art. 33(4)).");
        }
        boolean open = o.state() == ObligationState.PENDING || o.state() == ObligationState.OVERDUE;
        if (open && o.dueAt() != null && now.isAfter(o.dueAt())) {
            notes.add(o.kind() == ObligationKind.GDPR_ART33_AP
                    ? "The 72 h have passed: give the reasons for the delay (delayReason) when you record the submission "
                            + "(GDPR Art. 33(1))."
                    : "The deadline has passed; record the submission as soon as it is made.");
        }
        return new NotificationDraft(o.id(), o.incidentId(), o.incidentReference(), o.kind(), o.legalBasis(), o.party(),
                o.recipient(), o.state(), o.clockStartedAt(), o.dueAt(), List.copyOf(a.sections), List.copyOf(a.missing),
                a.missing.isEmpty(), List.copyOf(notes));
    }

    private static void gdprArticle33(Assembly a, String article) {
        IncidentSnapshot incident = a.incident;
        PersonalData pd = incident.personalData();
        Section nature = a.section("Nature of the breach", article + "(a)")
                .required("summary", "Description of the breach", incident.summary())
                .required("category", "Kind of incident", incident.category())
                .required("personalData.dataCategories", "Categories of personal data concerned",
                        pd == null ? null : pd.dataCategories());
        if (pd != null && pd.specialCategories() != null && !pd.specialCategories().isEmpty()) {
            nature.optional("personalData.specialCategories", "Special categories of personal data (GDPR Art. 9)",
                    pd.specialCategories());
        }
        nature.required("personalData.estimatedDataSubjects", "Approximate number of data subjects concerned",
                pd == null ? null : pd.estimatedDataSubjects())
                .required("estimatedRecords", "Approximate number of personal data records concerned",
                        incident.estimatedRecords());
        contactPointConsequencesMeasures(a, article);
    }

    private static void contactPointConsequencesMeasures(Assembly a, String article) {
        IncidentSnapshot incident = a.incident;
        a.section("Contact point", article + "(b)")
                .required("contactPoint", "Name and contact details of the data protection officer or other contact point",
                        incident.contactPoint());
        a.section("Likely consequences", article + "(c)")
                .required("likelyConsequences", "Likely consequences of the breach", incident.likelyConsequences());
        a.section("Measures", article + "(d)")
                .required("measuresTaken", "Measures taken or proposed, including to mitigate possible adverse effects",
                        incident.measuresTaken());
    }

    private static void earlyWarning(Assembly a, String article) {
        a.section("Early warning", article)
                .required("suspectedMalicious", "Suspected to be caused by unlawful or malicious acts",
                        a.incident.suspectedMalicious())
                .required("crossBorderImpact", "Could have a cross-border impact", a.incident.crossBorderImpact());
    }

    /** Collects sections and the missing list while a draft is assembled. */
    private static final class Assembly {
        final IncidentSnapshot incident;
        final List<NotificationDraft.Section> sections = new ArrayList<>();
        final List<NotificationDraft.Missing> missing = new ArrayList<>();

        Assembly(IncidentSnapshot incident) {
            this.incident = incident;
        }

        Section section(String heading, String basis) {
            List<NotificationDraft.Item> items = new ArrayList<>();
            sections.add(new NotificationDraft.Section(heading, basis, items));
            return new Section(this, basis, items);
        }
    }

    /** Adds items to one section; a required item without a value is added to the missing list too. */
    private static final class Section {
        private final Assembly assembly;
        private final String basis;
        private final List<NotificationDraft.Item> items;

        Section(Assembly assembly, String basis, List<NotificationDraft.Item> items) {
            this.assembly = assembly;
            this.basis = basis;
            this.items = items;
        }

        Section required(String field, String label, Object value) {
            Object v = known(value) ? value : null;
            items.add(new NotificationDraft.Item(field, label, v));
            if (v == null) {
                assembly.missing.add(new NotificationDraft.Missing(field, label, basis));
            }
            return this;
        }

        Section optional(String field, String label, Object value) {
            if (known(value)) {
                items.add(new NotificationDraft.Item(field, label, value));
            }
            return this;
        }

        private static boolean known(Object value) {
            if (value == null) {
                return false;
            }
            if (value instanceof String s) {
                return !s.isBlank();
            }
            if (value instanceof Collection<?> c) {
                return !c.isEmpty();
            }
            return true;
        }
    }
}
