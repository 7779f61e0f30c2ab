package nl.meldpunt.support.rest;

import java.util.OptionalLong;

/** Strong ETags carry the aggregate's version: {@code "7"}. {@code If-Match} names the version a change expects. */
public final class ETags {

    private ETags() {
    }

    public static String of(long version) {
        return "\"" + version + "\"";
    }

    /** The version named by an If-Match header; empty when absent or {@code *}. */
    public static OptionalLong expectedVersion(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return OptionalLong.empty();
        }
        String v = ifMatch.trim();
        if (v.startsWith("W/")) {
            v = v.substring(2);
        }
        v = v.replace("\"", "").trim();
        try {
            return OptionalLong.of(Long.parseLong(v));
        } catch (NumberFormatException e) {
            throw ProblemException.invalid("If-Match", "must be an ETag from a previous response, e.g. \"3\"");
        }
    }

    /** 412 when the caller's expectation is stale. */
    public static void check(String ifMatch, long currentVersion) {
        OptionalLong expected = expectedVersion(ifMatch);
        if (expected.isPresent() && expected.getAsLong() != currentVersion) {
            throw ProblemException.stale(expected.getAsLong(), currentVersion);
        }
    }
}
