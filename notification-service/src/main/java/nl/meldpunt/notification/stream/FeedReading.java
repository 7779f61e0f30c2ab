package nl.meldpunt.notification.stream;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import nl.meldpunt.notification.events.CaseFacts;
import nl.meldpunt.notification.events.CaseFactsLookup;
import nl.meldpunt.notification.events.EventReading;
import nl.meldpunt.reader.Reader;

/** Reads feed entries with the facts of their cases now, and renders them for a reader. */
@ApplicationScoped
public class FeedReading {

    @Inject
    StreamFeed feed;

    @Inject
    CaseFactsLookup facts;

    @Inject
    EventReading reading;

    @Inject
    ObjectMapper json;

    /** Up to {@code limit} entries after {@code position}, each with its case's facts as they stand now. */
    @Transactional
    public List<LiveEntry> after(long position, int limit) {
        List<FeedEntry> entries = feed.after(position, limit);
        Map<UUID, CaseFacts> known = new HashMap<>();
        List<LiveEntry> live = new ArrayList<>(entries.size());
        for (FeedEntry e : entries) {
            live.add(new LiveEntry(e, known.computeIfAbsent(e.event().incidentId(), facts::facts)));
        }
        return live;
    }

    /** The CloudEvent JSON this reader may see, or empty when the case does not exist for them. */
    public Optional<String> render(LiveEntry entry, Reader reader) {
        return entry.renderedFor(reader, r -> reading.cloudEvent(r, entry.entry().event(), entry.facts()).map(node -> {
            try {
                return json.writeValueAsString(node);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }));
    }
}
