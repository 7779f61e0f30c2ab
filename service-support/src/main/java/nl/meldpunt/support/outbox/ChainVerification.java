package nl.meldpunt.support.outbox;

/**
 * Result of re-computing an aggregate's hash chain. {@code firstBrokenSequence} names the first
 * event whose stored hash or link does not match; null when intact.
 */
public record ChainVerification(boolean intact, long eventsChecked, Long firstBrokenSequence, String problem,
        String headHash) {
}
