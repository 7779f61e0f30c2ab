package nl.meldpunt.contract;

/** Kinds of indicators of compromise. */
public enum IndicatorType {
    IP_ADDRESS, DOMAIN, URL, FILE_HASH, EMAIL_ADDRESS, CVE, OTHER
}
