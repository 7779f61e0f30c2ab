package nl.meldpunt.contract;

/** An indicator of compromise, as NIS2 Art. 23(4)(b) asks for in the incident notification. */
public record Indicator(IndicatorType type, String value) {
}
