package nl.meldpunt.notification.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import nl.meldpunt.contract.Controller;
import nl.meldpunt.contract.IncidentSnapshot;
import nl.meldpunt.contract.IncidentStatus;
import nl.meldpunt.contract.Nis2Entity;
import nl.meldpunt.contract.ObligationKind;
import nl.meldpunt.contract.Organization;
import nl.meldpunt.contract.OrganizationRole;
import nl.meldpunt.contract.Sector;
import nl.meldpunt.contract.Severity;

/**
 * Which regulatory obligations an incident brings, owed by whom to whom, and when each clock
 * starts and ends (docs/design.md, "Obligations"). Every clock runs from the owing party's own
 * moment of awareness. Pure: the same incident and submissions always give the same result.
 */
public final class ObligationRules {

    /** Recipient of GDPR_ART33_2_CONTROLLER is each controller by name; the others are configured. */
    private final Map<ObligationKind, ObligationRule> rules = new EnumMap<>(ObligationKind.class);

    public ObligationRules(Collection<ObligationRule> configured) {
        configured.forEach(r -> rules.put(r.kind(), r));
        for (ObligationKind kind : ObligationKind.values()) {
            if (!rules.containsKey(kind)) {
                throw new IllegalArgumentException("no rule configured for " + kind);
            }
        }
    }

    public ObligationRule rule(ObligationKind kind) {
        return rules.get(kind);
    }

    /** A controller of the breached data, with its own awareness (null while unknown). */
    record DataController(String name, Instant awareAt, String awarenessSource) {
    }

    public Evaluation evaluate(IncidentSnapshot incident, Submissions submissions) {
        List<Requirement> required = new ArrayList<>();
        Map<ObligationKind, String> notRequired = new EnumMap<>(ObligationKind.class);
        Organization org = incident.affectedOrganization();
        String orgName = org == null ? null : org.name();

        if (incident.status() == IncidentStatus.REJECTED) {
            for (ObligationKind kind : ObligationKind.values()) {
                notRequired.put(kind, "the incident was rejected as a duplicate or as not an incident");
            }
            return new Evaluation(required, notRequired);
        }

        boolean personalData = incident.personalData() != null && Boolean.TRUE.equals(incident.personalData().involved());
        boolean special = personalData && incident.personalData().specialCategories() != null
                && !incident.personalData().specialCategories().isEmpty();
        Severity severity = incident.severity();
        boolean severe = severity == Severity.HIGH || severity == Severity.CRITICAL;
        boolean processor = org != null && org.role() == OrganizationRole.PROCESSOR;
        List<DataController> controllers = controllers(incident, processor, submissions);

        // GDPR Art. 33(2): the processor notifies each controller without undue delay after becoming aware.
        ObligationRule notice = rules.get(ObligationKind.GDPR_ART33_2_CONTROLLER);
        if (!personalData) {
            notRequired.put(notice.kind(), noPersonalData());
        } else if (!processor) {
            notRequired.put(notice.kind(), "the affected organisation acts as controller, not as processor (GDPR Art. 4(7)/(8))");
        } else if (incident.controllers() == null || incident.controllers().isEmpty()) {
            notRequired.put(notice.kind(), "no controller is named yet for the processor to notify");
        } else {
            for (DataController c : controllers) {
                add(required, notRequired, notice, orgName, c.name(), incident.awareAt(),
                        "personal data is involved and " + orgName + " processes it on behalf of " + c.name()
                                + "; target " + notice.deadline().describe() + " after the processor's awareness");
            }
        }

        // GDPR Art. 33(1): each controller notifies the AP within 72 h of its own awareness.
        ObligationRule ap = rules.get(ObligationKind.GDPR_ART33_AP);
        if (!personalData) {
            notRequired.put(ap.kind(), noPersonalData());
        } else {
            for (DataController c : controllers) {
                add(required, notRequired, ap, c.name(), ap.recipient(), c.awareAt(),
                        "personal data is involved and " + c.name() + " is a controller; " + clockNote(c, ap));
            }
        }

        // GDPR Art. 34(1): a likely high risk to data subjects. High severity or special categories stand for it.
        ObligationRule subjects = rules.get(ObligationKind.GDPR_ART34_SUBJECTS);
        if (!personalData) {
            notRequired.put(subjects.kind(), noPersonalData());
        } else if (!severe && !special) {
            notRequired.put(subjects.kind(), "severity " + severity
                    + " and no special categories of personal data: no likely high risk to the data subjects (GDPR Art. 34(1))");
        } else {
            String why = severe ? "severity " + severity : "special categories of personal data";
            for (DataController c : controllers) {
                add(required, notRequired, subjects, c.name(), subjects.recipient(), c.awareAt(),
                        why + " make a high risk to the data subjects likely; " + clockNote(c, subjects));
            }
        }

        // NIS2 Art. 23(1)/(3): a significant incident at an essential or important entity.
        String notSignificant = null;
        if (org == null || org.nis2Entity() == null || org.nis2Entity() == Nis2Entity.NONE) {
            notSignificant = "the affected organisation is not an essential or important entity under NIS2 Art. 3";
        } else if (!severe) {
            notSignificant = "severity " + severity + ": not a significant incident under NIS2 Art. 23(3) (needs HIGH or CRITICAL)";
        }
        ObligationRule earlyWarning = rules.get(ObligationKind.NIS2_EARLY_WARNING);
        ObligationRule notification = rules.get(ObligationKind.NIS2_NOTIFICATION);
        ObligationRule finalReport = rules.get(ObligationKind.NIS2_FINAL_REPORT);
        if (notSignificant != null) {
            notRequired.put(earlyWarning.kind(), notSignificant);
            notRequired.put(notification.kind(), notSignificant);
            notRequired.put(finalReport.kind(), notSignificant);
        } else {
            String significant = "severity " + severity + " at " + (org.nis2Entity() == Nis2Entity.ESSENTIAL ? "an essential"
                    : "an important") + " entity is a significant incident (NIS2 Art. 23(3))";
            add(required, notRequired, earlyWarning, orgName, earlyWarning.recipient(), incident.awareAt(),
                    significant + "; due " + earlyWarning.deadline().describe() + " after awareness");
            add(required, notRequired, notification, orgName, notification.recipient(), incident.awareAt(),
                    significant + "; due " + notification.deadline().describe() + " after awareness");
            Instant submitted = submissions.nis2NotificationSubmittedAt();
            add(required, notRequired, finalReport, orgName, finalReport.recipient(), submitted,
                    significant + "; due " + finalReport.deadline().describe() + " after the incident notification was "
                            + (submitted == null ? "submitted, which has not happened yet" : "submitted at " + submitted));
        }

        // Wkkgz Art. 11(1)(a): a healthcare provider reports a calamity to the IGJ "onverwijld".
        ObligationRule igj = rules.get(ObligationKind.IGJ_CALAMITY_REPORT);
        if (org == null || org.sector() != Sector.HEALTHCARE) {
            notRequired.put(igj.kind(), "the affected organisation is not a healthcare provider");
        } else if (!severe) {
            notRequired.put(igj.kind(), "severity " + severity + ": not serious enough for a calamity report (needs HIGH or CRITICAL)");
        } else {
            add(required, notRequired, igj, orgName, igj.recipient(), incident.awareAt(),
                    "severity " + severity + " at a healthcare provider; \"onverwijld\", target "
                            + igj.deadline().describe() + " after awareness");
        }
        return new Evaluation(required, notRequired);
    }

    private void add(List<Requirement> required, Map<ObligationKind, String> notRequired, ObligationRule rule, String party,
            String recipient, Instant clockStartedAt, String because) {
        if (!rule.enabled()) {
            notRequired.put(rule.kind(), "the rule for " + rule.kind() + " is switched off in configuration");
            return;
        }
        if (party == null || recipient == null) {
            return;
        }
        Instant due = clockStartedAt == null ? null : rule.deadline().dueFrom(clockStartedAt);
        required.add(new Requirement(rule.kind(), party, recipient, rule.legalBasis(), clockStartedAt, due, because));
    }

    /**
     * The controllers of the breached data. An organisation that is not a processor is itself a
     * controller, aware when the incident says; named controllers are controllers too (joint
     * controllers, or the processor's clients). A named controller's awareness is the earlier of
     * what the incident states and when the processor told it: the safer reading of the 72 h.
     */
    private static List<DataController> controllers(IncidentSnapshot incident, boolean processor, Submissions submissions) {
        Map<String, DataController> byName = new LinkedHashMap<>();
        Organization org = incident.affectedOrganization();
        if (!processor && org != null && org.name() != null) {
            byName.put(org.name(), new DataController(org.name(), incident.awareAt(), "the incident's awareAt"));
        }
        if (incident.controllers() != null) {
            for (Controller c : incident.controllers()) {
                if (c == null || c.name() == null || c.name().isBlank() || byName.containsKey(c.name())) {
                    continue;
                }
                Instant stated = c.awareAt();
                Instant informed = submissions.controllerInformedAt(c.name()).orElse(null);
                Instant aware;
                String source;
                if (stated != null && (informed == null || !informed.isBefore(stated))) {
                    aware = stated;
                    source = "its awareAt as stated on the incident";
                } else {
                    aware = informed;
                    source = informed == null ? null : "the processor's notice under GDPR Art. 33(2)";
                }
                byName.put(c.name(), new DataController(c.name(), aware, source));
            }
        }
        return new ArrayList<>(byName.values());
    }

    private static String clockNote(DataController c, ObligationRule rule) {
        if (c.awareAt() == null) {
            return "waiting for " + c.name() + "'s moment of awareness; the " + rule.deadline().describe()
                    + " clock starts when the processor has told it";
        }
        return "the " + rule.deadline().describe() + " clock runs from " + c.name() + "'s awareness at " + c.awareAt()
                + " (" + c.awarenessSource() + ")";
    }

    private static String noPersonalData() {
        return "no personal data is involved";
    }
}
