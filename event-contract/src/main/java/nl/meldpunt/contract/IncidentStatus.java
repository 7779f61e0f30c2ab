package nl.meldpunt.contract;

/** Where an incident is in its lifecycle. */
public enum IncidentStatus {
    REPORTED, TRIAGED, INVESTIGATING, RESOLVED, CLOSED, REJECTED
}
