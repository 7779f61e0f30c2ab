package nl.meldpunt.contract;

/** An indicator of compromise, as NIS2 Art. 23(4)(b) asks for in the incident notification. */
@com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
public record Indicator(IndicatorType type, String value) {
}
