package nl.meldpunt.contract;

/** Authorities that investigate: the health inspectorate, the data protection authority, the sector CSIRT, and an independent investigator commissioned by an affected organisation. */
public enum Authority {
    IGJ, AP, CSIRT, INDEPENDENT
}
