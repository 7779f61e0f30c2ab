package nl.meldpunt.support.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class QueryParamsTest {

    private static final Instant NEW_YEAR = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void everyIsoFormAPersonTypesMeansTheSameMomentAndADateAloneIsTheStartOfThatDayInUtc() {
        assertEquals(NEW_YEAR, QueryParams.instant("since", "2026-01-01T00:00:00Z"));
        assertEquals(NEW_YEAR, QueryParams.instant("since", "2026-01-01T01:00:00+01:00"));
        assertEquals(NEW_YEAR, QueryParams.instant("since", "2026-01-01T00:00"));
        assertEquals(NEW_YEAR, QueryParams.instant("since", " 2026-01-01 "));
        assertNull(QueryParams.instant("since", ""));
    }

    @Test
    void anythingElseIsA400NamingTheParameter() {
        ProblemException e = assertThrows(ProblemException.class, () -> QueryParams.instant("asOf", "01-01-2026"));
        assertEquals(400, e.status());
        assertEquals("asOf", e.toProblem(null).errors().get(0).field());
    }

    @Test
    void aRenamedFactIsTakenUnderEitherNameAndTwoDifferentValuesAreRefusedNamingTheNewName() {
        assertEquals("a", QueryParams.renamed("organization", "a", "organisation", null));
        assertEquals("b", QueryParams.renamed("organization", null, "organisation", "b"));
        assertEquals("a", QueryParams.renamed("organization", "a", "organisation", "a"));
        ProblemException e = assertThrows(ProblemException.class,
                () -> QueryParams.renamed("organization", "a", "organisation", "b"));
        assertEquals("organization", e.toProblem(null).errors().get(0).field());
    }

    @Test
    void anIncidentIsNamedByItsIdOrByItsReferenceInAnyCase() {
        assertEquals("INC-2026-000005", QueryParams.incident("incidentId", "inc-2026-000005").reference());
        assertEquals("00000000-0000-0000-0000-000000000001",
                QueryParams.incident("incidentId", "00000000-0000-0000-0000-000000000001").id().toString());
        assertEquals(400, assertThrows(ProblemException.class, () -> QueryParams.incident("incidentId", "INC-1")).status());
    }

    @Test
    void aMalformedIdInAPathIsA404NamingTheParameter() {
        ProblemException e = assertThrows(ProblemException.class, () -> QueryParams.pathId("id", "null"));
        assertEquals(404, e.status());
        assertEquals("id", e.toProblem(null).errors().get(0).field());
    }

    @Test
    void pagingIsCheckedOnceForEveryList() {
        assertEquals(20, PageRequest.of(null, null, null, 20, 200).size());
        assertEquals(List.of("size"), fields(() -> PageRequest.of(null, 0, null, 20, 200)));
        assertEquals(List.of("size"), fields(() -> PageRequest.of(null, 201, null, 20, 200)));
        assertEquals(List.of("page"), fields(() -> PageRequest.of(-1, null, null, 20, 200)));
        assertEquals(List.of("cursor"), fields(() -> PageRequest.of(0, null, "abc", 20, 200)));
        assertEquals(List.of("cursor"), fields(() -> PageRequest.of(null, null, "!!", 20, 200).cursorParts(2)));
    }

    @Test
    void aPageAnswersTheNextCursorOnlyWhileMoreItemsFollowAndItsCursorLeadsBack() {
        PageRequest first = PageRequest.of(null, 2, null, 20, 200);
        ListPage<String> page = first.answer(List.of("a", "b", "c"), 3, s -> List.of(s, s + "!"));
        assertEquals(List.of("a", "b"), page.items());
        assertEquals(0, page.page());
        assertEquals(List.of("b", "b!"), PageRequest.of(null, 2, page.nextCursor(), 20, 200).cursorParts(2));
        ListPage<String> last = PageRequest.of(null, 2, page.nextCursor(), 20, 200).answer(List.of("c"), 3, s -> List.of(s));
        assertNull(last.nextCursor());
        assertNull(last.page());
    }

    private static List<String> fields(Runnable r) {
        return assertThrows(ProblemException.class, r::run).toProblem(null).errors().stream()
                .map(Problem.FieldError::field).toList();
    }
}
