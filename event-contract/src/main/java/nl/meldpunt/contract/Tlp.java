package nl.meldpunt.contract;

/** Traffic Light Protocol 2.0 marking, enforced at every edge (REST, SSE, webhooks). */
public enum Tlp {
    CLEAR, GREEN, AMBER, AMBER_STRICT, RED
}
