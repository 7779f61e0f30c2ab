package nl.meldpunt.support.rest;

import java.util.List;
import java.util.function.Function;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The one shape of every list Meldpunt answers (docs/api.md "Lists"): the items of this page,
 * how many the caller may see in all, the page size, the page number when paging by number, and
 * the cursor of the next page unless this is the last.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ListPage<T>(
        List<T> items,
        long total,
        Integer page,
        int size,
        String nextCursor) {

    public <R> ListPage<R> map(Function<? super T, ? extends R> f) {
        return new ListPage<>(items.stream().<R>map(f).toList(), total, page, size, nextCursor);
    }
}
