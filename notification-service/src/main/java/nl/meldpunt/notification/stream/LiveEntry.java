package nl.meldpunt.notification.stream;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import nl.meldpunt.notification.events.CaseFacts;
import nl.meldpunt.reader.Reader;

/**
 * A feed entry with the facts of its case as they stood when this instance read it, and its
 * CloudEvent rendered once per kind of reader (many streams share few readers).
 */
public final class LiveEntry {

    private final FeedEntry entry;
    private final CaseFacts facts;
    private final Map<Reader, Optional<String>> rendered = new ConcurrentHashMap<>();

    LiveEntry(FeedEntry entry, CaseFacts facts) {
        this.entry = entry;
        this.facts = facts;
    }

    public long position() {
        return entry.position();
    }

    public FeedEntry entry() {
        return entry;
    }

    public CaseFacts facts() {
        return facts;
    }

    Optional<String> renderedFor(Reader reader, java.util.function.Function<Reader, Optional<String>> render) {
        return rendered.computeIfAbsent(reader, render);
    }
}
