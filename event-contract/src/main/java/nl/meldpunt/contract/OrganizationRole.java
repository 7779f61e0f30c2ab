package nl.meldpunt.contract;

/** GDPR Art. 4(7)/(8): whether the affected organisation decides on the processing or processes on behalf of others. */
public enum OrganizationRole {
    CONTROLLER, PROCESSOR
}
