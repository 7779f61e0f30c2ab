package nl.meldpunt.contract;

/** Regulatory notification duties that an incident can trigger. */
public enum ObligationKind {
    GDPR_ART33_2_CONTROLLER, GDPR_ART33_AP, GDPR_ART34_SUBJECTS, NIS2_EARLY_WARNING, NIS2_NOTIFICATION, NIS2_FINAL_REPORT, IGJ_CALAMITY_REPORT
}
