package nl.meldpunt.contract;

/** Kind of incident, as analysts classify it at intake. */
public enum Category {
    RANSOMWARE, DATA_BREACH, UNAUTHORIZED_ACCESS, MALWARE, PHISHING, DDOS, VULNERABILITY_EXPLOITATION, SUPPLY_CHAIN, OTHER
}
