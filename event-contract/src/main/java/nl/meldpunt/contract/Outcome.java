package nl.meldpunt.contract;

/** How an authority concludes its investigation. */
public enum Outcome {
    NO_ACTION, RECOMMENDATIONS, WARNING, ORDER, FINE
}
