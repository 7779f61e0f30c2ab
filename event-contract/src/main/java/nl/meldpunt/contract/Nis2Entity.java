package nl.meldpunt.contract;

/** Classification under NIS2 Art. 3; NONE means the directive does not apply. */
public enum Nis2Entity {
    ESSENTIAL, IMPORTANT, NONE
}
