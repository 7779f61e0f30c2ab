package nl.meldpunt.notification.events;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import nl.meldpunt.contract.Authority;
import nl.meldpunt.contract.EventType;
import nl.meldpunt.contract.Severity;

/**
 * Which events of the case a webhook subscription or a stream asks for. Every part is optional;
 * an absent part matches everything. The reader rule applies on top: a filter narrows what a
 * reader may see, it never widens it.
 *
 * @param incidentId  one incident only
 * @param authority   only the cases this authority investigates
 * @param types       event names such as {@code incident.triaged}, or a family such as {@code obligation.*}
 * @param minSeverity only incidents of at least this severity (an incident whose severity is not known yet does not match)
 */
public record EventFilter(UUID incidentId, Authority authority, Set<String> types, Severity minSeverity) {

    public static final EventFilter ALL = new EventFilter(null, null, Set.of(), null);
    private static final Set<String> FAMILIES = Set.of("incident", "investigation", "obligation");

    public EventFilter {
        types = types == null ? Set.of() : Set.copyOf(types);
    }

    /**
     * Checks event names and families; the message names the first that is not one.
     *
     * @throws IllegalArgumentException with a reason fit for a problem+json answer
     */
    public static Set<String> types(List<String> names) {
        Set<String> result = new LinkedHashSet<>();
        if (names == null) {
            return result;
        }
        for (String raw : names) {
            String name = raw == null ? "" : raw.trim();
            boolean family = name.endsWith(".*") && FAMILIES.contains(name.substring(0, name.length() - 2));
            boolean known = EventType.fromEventName(name).filter(t -> FAMILIES.contains(family(t.eventName()))).isPresent();
            if (!family && !known) {
                throw new IllegalArgumentException("'" + name + "' is not an event type of a case; use a name such as "
                        + "incident.triaged or a family such as obligation.*");
            }
            result.add(name);
        }
        return result;
    }

    public boolean matches(CaseEvent event, CaseFacts facts) {
        if (incidentId != null && !incidentId.equals(event.incidentId())) {
            return false;
        }
        if (authority != null && !facts.investigating().contains(authority)
                && !event.investigationAuthority().map(authority::equals).orElse(false)) {
            return false;
        }
        if (!types.isEmpty() && !types.contains(event.typeName()) && !types.contains(family(event.typeName()) + ".*")) {
            return false;
        }
        return minSeverity == null || facts.severity() != null && facts.severity().compareTo(minSeverity) >= 0;
    }

    private static String family(String eventName) {
        return eventName.substring(0, eventName.indexOf('.'));
    }
}
