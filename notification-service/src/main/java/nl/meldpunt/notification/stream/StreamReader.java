package nl.meldpunt.notification.stream;

import java.time.Instant;

import nl.meldpunt.reader.Reader;

/**
 * Who a stream is for: the reader rule's reader and when their token (or the session it opened)
 * expires; the stream ends then.
 */
public record StreamReader(String subject, Reader reader, Instant endsAt) {
}
