package nl.meldpunt.reader;

/**
 * How much of a case a reader gets, summed up. HIDDEN means the case does not exist for the
 * reader: every edge answers as if it did not (404, no search hit, no count, no event).
 */
public enum View {
    FULL, REDACTED, HIDDEN;

    /** The view that shows less of the two. */
    public View stricter(View other) {
        return ordinal() >= other.ordinal() ? this : other;
    }
}
