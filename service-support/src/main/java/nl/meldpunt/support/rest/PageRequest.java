package nl.meldpunt.support.rest;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * What a caller asked of a list: a page number or a cursor, and a size. Validated once here, so
 * every list refuses the same mistakes with the same problem (docs/api.md "Lists").
 */
public record PageRequest(Integer page, int size, String cursor) {

    /**
     * @param page zero-based page number, or null
     * @param size page size, or null for {@code defaultSize}
     * @param cursor a {@code nextCursor} from an earlier page, or null
     */
    public static PageRequest of(Integer page, Integer size, String cursor, int defaultSize, int maxSize) {
        int pageSize = size == null ? defaultSize : size;
        if (pageSize < 1 || pageSize > maxSize) {
            throw ProblemException.invalid("size", "must be between 1 and " + maxSize);
        }
        if (page != null && page < 0) {
            throw ProblemException.invalid("page", "must not be negative");
        }
        String c = cursor == null || cursor.isBlank() ? null : cursor.trim();
        if (page != null && c != null) {
            throw ProblemException.invalid("cursor", "page and cursor cannot be combined");
        }
        return new PageRequest(page, pageSize, c);
    }

    public boolean byCursor() {
        return cursor != null;
    }

    /** Rows to skip when paging by number. */
    public long offset() {
        return byCursor() || page == null ? 0 : (long) page * size;
    }

    /** The page number to answer: absent when paging by cursor. */
    public Integer answeredPage() {
        return byCursor() ? null : page == null ? 0 : page;
    }

    /**
     * The page answered: {@code rows} holds up to {@code size + 1} items (one more tells that
     * another page follows); {@code position} gives the cursor parts of an item.
     */
    public <T> ListPage<T> answer(List<T> rows, long total, java.util.function.Function<T, List<String>> position) {
        boolean more = rows.size() > size;
        List<T> items = more ? rows.subList(0, size) : rows;
        String next = more ? encode(position.apply(items.get(size - 1))) : null;
        return new ListPage<>(List.copyOf(items), total, answeredPage(), size, next);
    }

    /** The parts of this request's cursor; 400 naming {@code cursor} when it is not one this API gave out. */
    public List<String> cursorParts(int expected) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            List<String> parts = List.of(decoded.split("\\|", -1));
            if (parts.size() != expected) {
                throw new IllegalArgumentException("wrong number of parts");
            }
            return parts;
        } catch (RuntimeException e) {
            throw invalidCursor();
        }
    }

    public static ProblemException invalidCursor() {
        return ProblemException.invalid("cursor", "is not a cursor returned by this API");
    }

    static String encode(List<String> parts) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(String.join("|", parts).getBytes(StandardCharsets.UTF_8));
    }
}
