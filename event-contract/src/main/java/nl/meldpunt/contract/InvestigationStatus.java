package nl.meldpunt.contract;

/** OPEN until assigned, IN_PROGRESS while an investigator works it, CONCLUDED with an outcome. */
public enum InvestigationStatus {
    OPEN, IN_PROGRESS, CONCLUDED
}
