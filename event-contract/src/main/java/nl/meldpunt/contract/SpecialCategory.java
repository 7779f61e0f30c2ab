package nl.meldpunt.contract;

/** GDPR Art. 9 special categories, plus data on criminal convictions (Art. 10) and national identification numbers (Art. 87). */
public enum SpecialCategory {
    HEALTH, GENETIC, BIOMETRIC, RACIAL_OR_ETHNIC_ORIGIN, POLITICAL_OPINIONS, RELIGIOUS_BELIEFS, TRADE_UNION, SEX_LIFE, CRIMINAL_CONVICTIONS, NATIONAL_ID_NUMBER
}
