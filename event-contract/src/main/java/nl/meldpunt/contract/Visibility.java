package nl.meldpunt.contract;

/** AUTHORITY findings stay with the recording authority; SHARED findings reach every authority on the incident. */
public enum Visibility {
    AUTHORITY, SHARED
}
