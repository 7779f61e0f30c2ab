package nl.meldpunt.incident.domain;

import static nl.meldpunt.contract.IncidentStatus.CLOSED;
import static nl.meldpunt.contract.IncidentStatus.INVESTIGATING;
import static nl.meldpunt.contract.IncidentStatus.REJECTED;
import static nl.meldpunt.contract.IncidentStatus.REPORTED;
import static nl.meldpunt.contract.IncidentStatus.RESOLVED;
import static nl.meldpunt.contract.IncidentStatus.TRIAGED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import nl.meldpunt.contract.IncidentStatus;

/** Every status against every move: the graph of docs/design.md, and nothing else. */
class IncidentLifecycleTest {

    /** The allowed moves: (from, move, investigation required) -> to. Everything not listed is refused. */
    private static final Map<String, IncidentStatus> ALLOWED = Map.ofEntries(
            Map.entry(key(REPORTED, Transition.UPDATE, false), REPORTED),
            Map.entry(key(REPORTED, Transition.UPDATE, true), REPORTED),
            Map.entry(key(TRIAGED, Transition.UPDATE, false), TRIAGED),
            Map.entry(key(TRIAGED, Transition.UPDATE, true), TRIAGED),
            Map.entry(key(INVESTIGATING, Transition.UPDATE, false), INVESTIGATING),
            Map.entry(key(INVESTIGATING, Transition.UPDATE, true), INVESTIGATING),
            Map.entry(key(RESOLVED, Transition.UPDATE, false), RESOLVED),
            Map.entry(key(RESOLVED, Transition.UPDATE, true), RESOLVED),
            Map.entry(key(REPORTED, Transition.TRIAGE, false), TRIAGED),
            Map.entry(key(REPORTED, Transition.TRIAGE, true), TRIAGED),
            Map.entry(key(TRIAGED, Transition.TRIAGE, false), TRIAGED),
            Map.entry(key(TRIAGED, Transition.TRIAGE, true), TRIAGED),
            Map.entry(key(TRIAGED, Transition.START_INVESTIGATION, false), INVESTIGATING),
            Map.entry(key(TRIAGED, Transition.START_INVESTIGATION, true), INVESTIGATING),
            Map.entry(key(INVESTIGATING, Transition.RESOLVE, false), RESOLVED),
            Map.entry(key(INVESTIGATING, Transition.RESOLVE, true), RESOLVED),
            Map.entry(key(RESOLVED, Transition.CLOSE, false), CLOSED),
            Map.entry(key(RESOLVED, Transition.CLOSE, true), CLOSED),
            Map.entry(key(TRIAGED, Transition.CLOSE, false), CLOSED),
            Map.entry(key(REPORTED, Transition.REJECT, false), REJECTED),
            Map.entry(key(REPORTED, Transition.REJECT, true), REJECTED),
            Map.entry(key(TRIAGED, Transition.REJECT, false), REJECTED),
            Map.entry(key(TRIAGED, Transition.REJECT, true), REJECTED),
            Map.entry(key(CLOSED, Transition.REOPEN, false), INVESTIGATING),
            Map.entry(key(CLOSED, Transition.REOPEN, true), INVESTIGATING),
            Map.entry(key(RESOLVED, Transition.REOPEN, false), INVESTIGATING),
            Map.entry(key(RESOLVED, Transition.REOPEN, true), INVESTIGATING));

    private static String key(IncidentStatus from, Transition t, boolean required) {
        return from + "/" + t + "/" + required;
    }

    static Stream<Arguments> allowed() {
        return all().filter(a -> ALLOWED.containsKey(key((IncidentStatus) a.get()[0], (Transition) a.get()[1],
                (Boolean) a.get()[2])));
    }

    static Stream<Arguments> refused() {
        return all().filter(a -> !ALLOWED.containsKey(key((IncidentStatus) a.get()[0], (Transition) a.get()[1],
                (Boolean) a.get()[2])));
    }

    private static Stream<Arguments> all() {
        List<Arguments> list = new ArrayList<>();
        for (IncidentStatus s : IncidentStatus.values()) {
            for (Transition t : Transition.values()) {
                list.add(Arguments.of(s, t, false));
                list.add(Arguments.of(s, t, true));
            }
        }
        return list.stream();
    }

    @ParameterizedTest(name = "{0} --{1}--> allowed (investigation required: {2})")
    @MethodSource("allowed")
    void anAllowedMoveLeadsToTheStatusOfTheGraph(IncidentStatus from, Transition move, boolean required) {
        assertEquals(ALLOWED.get(key(from, move, required)), IncidentLifecycle.next(from, move, required));
    }

    @ParameterizedTest(name = "{0} --{1}--> refused (investigation required: {2})")
    @MethodSource("refused")
    void aMoveOutsideTheGraphIsRefused(IncidentStatus from, Transition move, boolean required) {
        InvalidTransition e = assertThrows(InvalidTransition.class, () -> IncidentLifecycle.next(from, move, required));
        assertEquals(from, e.from());
        assertEquals(move, e.transition());
    }

    @org.junit.jupiter.api.Test
    void theTableCoversEveryStatusMoveAndFlag() {
        assertEquals(84, all().count());
        assertEquals(27, allowed().count());
    }
}
