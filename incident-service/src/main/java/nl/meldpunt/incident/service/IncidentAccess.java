package nl.meldpunt.incident.service;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import nl.meldpunt.contract.Authority;
import nl.meldpunt.contract.IncidentEventData;
import nl.meldpunt.contract.IncidentSnapshot;
import nl.meldpunt.reader.Field;
import nl.meldpunt.reader.ReaderRule;
import nl.meldpunt.reader.Sight;
import nl.meldpunt.reader.View;
import nl.meldpunt.support.rest.Caller;
import nl.meldpunt.support.rest.ProblemException;

/**
 * Asks the reader rule what a caller may see of an incident. The authorities that investigate are
 * those required at triage and those with an investigation opened (learned from investigation-events).
 * A case the caller may not know of answers 404, exactly as an incident that does not exist.
 */
@ApplicationScoped
public class IncidentAccess {

    @Inject
    IncidentService incidents;

    @Inject
    ObjectMapper json;

    public Sight sight(Caller caller, IncidentSnapshot incident) {
        return ReaderRule.sight(caller.reader(), incident.tlp(), investigating(incident));
    }

    /** The incident as this caller may see it; 404 when it does not exist for them. */
    public IncidentSnapshot visible(Caller caller, IncidentSnapshot incident) {
        return sight(caller, incident).incident(incident).orElseThrow(() -> notFound(incident));
    }

    /**
     * The incident as it was known at {@code at}, shaped by the stricter of its marking then and now,
     * so that a case marked up later does not show its earlier, freer past.
     */
    public Optional<IncidentSnapshot> visibleAsOf(Caller caller, IncidentSnapshot now, IncidentSnapshot then) {
        return ReaderRule.sightAsOf(caller.reader(), then.tlp(), now.tlp(), investigating(now)).incident(then);
    }

    /** The timeline holds every word of the case: it is for readers with the full view; 404 for those who may not know it. */
    public Sight requireFull(Caller caller, IncidentSnapshot incident) {
        Sight sight = sight(caller, incident);
        if (sight.view() == View.HIDDEN) {
            throw notFound(incident);
        }
        if (sight.view() != View.FULL) {
            throw ProblemException.forbidden("the timeline of a TLP:" + incident.tlp()
                    + " incident is shown only to analysts and investigating authorities");
        }
        return sight;
    }

    /**
     * How the caller may see the data of each logged event, under the stricter of the marking then
     * and now: a viewer of an incident marked down to GREEN does not read what was written while it
     * was AMBER. The function gives empty when that past state does not exist for the caller.
     */
    public Function<String, Optional<String>> loggedData(Caller caller, IncidentSnapshot now) {
        Set<Authority> investigating = investigating(now); // once for the whole timeline
        return data -> {
            try {
                IncidentEventData event = json.readValue(data, IncidentEventData.class);
                Sight sight = ReaderRule.sightAsOf(caller.reader(), event.incident().tlp(), now.tlp(), investigating);
                if (sight.view() == View.FULL && sight.shows(Field.NAMES)) {
                    return Optional.of(data);
                }
                Optional<IncidentEventData> shown = sight.incidentEvent(event);
                return shown.isEmpty() ? Optional.empty() : Optional.of(json.writeValueAsString(shown.get()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("unreadable event in the log of incident " + now.id(), e);
            }
        };
    }

    public static ProblemException notFound(IncidentSnapshot incident) {
        return ProblemException.notFound("no incident " + incident.id());
    }

    private Set<Authority> investigating(IncidentSnapshot incident) {
        Set<Authority> result = EnumSet.noneOf(Authority.class);
        if (incident.requiredAuthorities() != null) {
            result.addAll(incident.requiredAuthorities());
        }
        result.addAll(incidents.investigatingAuthorities(incident.id()));
        return result;
    }

}
