package nl.meldpunt.contract;

/** Severity of an incident; HIGH and CRITICAL make it a significant incident under NIS2 Art. 23(3). */
public enum Severity {
    LOW, MEDIUM, HIGH, CRITICAL
}
