package nl.meldpunt.reader;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import nl.meldpunt.contract.Authority;
import nl.meldpunt.contract.Tlp;
import nl.meldpunt.contract.Visibility;

/**
 * The reader rule as a table: reader (role and authority) × field × TLP, on an incident that IGJ
 * and AP investigate. Each row is written out by hand from docs/design.md; the test checks every
 * cell against the rule, so a change to the rule must change this table too.
 */
class ReaderRuleTableTest {

    private static final Set<Authority> INVESTIGATING = Set.of(Authority.IGJ, Authority.AP);

    private static final Reader ANALYST = Reader.analyst();
    private static final Reader IGJ = Reader.investigator(Authority.IGJ);
    private static final Reader AP = Reader.investigator(Authority.AP);
    private static final Reader CSIRT = Reader.investigator(Authority.CSIRT);
    private static final Reader VIEWER = Reader.viewer();

    // Columns: CLEAR GREEN AMBER AMBER_STRICT RED. "IGJ finding" is an AUTHORITY finding recorded by IGJ.
    private static final Object[][] TABLE = {
            {ANALYST, "marking", "Y Y Y Y Y"},
            {ANALYST, "names", "Y Y Y Y Y"},
            {ANALYST, "free text", "Y Y Y Y Y"},
            {ANALYST, "case work", "Y Y Y Y Y"},
            {ANALYST, "shared finding", "Y Y Y Y Y"},
            {ANALYST, "IGJ finding", "N N N N N"},

            {IGJ, "marking", "Y Y Y Y Y"},
            {IGJ, "names", "Y Y Y Y Y"},
            {IGJ, "free text", "Y Y Y Y Y"},
            {IGJ, "case work", "Y Y Y Y Y"},
            {IGJ, "shared finding", "Y Y Y Y Y"},
            {IGJ, "IGJ finding", "Y Y Y Y Y"},

            {AP, "marking", "Y Y Y Y Y"},
            {AP, "names", "Y Y Y Y Y"},
            {AP, "free text", "Y Y Y Y Y"},
            {AP, "case work", "Y Y Y Y Y"},
            {AP, "shared finding", "Y Y Y Y Y"},
            {AP, "IGJ finding", "N N N N N"},

            {CSIRT, "marking", "N N N N N"},
            {CSIRT, "names", "N N N N N"},
            {CSIRT, "free text", "N N N N N"},
            {CSIRT, "case work", "N N N N N"},
            {CSIRT, "shared finding", "N N N N N"},
            {CSIRT, "IGJ finding", "N N N N N"},

            {VIEWER, "marking", "Y Y Y Y N"},
            {VIEWER, "names", "Y Y N N N"},
            {VIEWER, "free text", "Y Y N N N"},
            {VIEWER, "case work", "N N N N N"},
            {VIEWER, "shared finding", "N N N N N"},
            {VIEWER, "IGJ finding", "N N N N N"},
    };

    @TestFactory
    Stream<DynamicTest> everyReaderSeesEachFieldExactlyAsTheTableSays() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Object[] row : TABLE) {
            Reader reader = (Reader) row[0];
            String field = (String) row[1];
            String[] cells = ((String) row[2]).split(" ");
            for (Tlp tlp : Tlp.values()) {
                boolean expected = cells[tlp.ordinal()].equals("Y");
                tests.add(DynamicTest.dynamicTest(name(reader) + " / " + field + " / " + tlp, () -> {
                    Sight sight = ReaderRule.sight(reader, tlp, INVESTIGATING);
                    boolean actual = switch (field) {
                        case "marking" -> sight.shows(Field.MARKING);
                        case "names" -> sight.shows(Field.NAMES);
                        case "free text" -> sight.shows(Field.FREE_TEXT);
                        case "case work" -> sight.shows(Field.CASE_WORK);
                        case "shared finding" -> sight.showsFinding(Authority.AP, Visibility.SHARED);
                        case "IGJ finding" -> sight.showsFinding(Authority.IGJ, Visibility.AUTHORITY);
                        default -> throw new IllegalArgumentException(field);
                    };
                    assertEquals(expected, actual);
                }));
            }
        }
        assertEquals(5 * 6 * 5, tests.size(), "the table covers every reader, field and marking");
        return tests.stream();
    }

    // Columns: CLEAR GREEN AMBER AMBER_STRICT RED
    private static final Object[][] VIEWS = {
            {ANALYST, "FULL FULL FULL FULL FULL"},
            {IGJ, "FULL FULL FULL FULL FULL"},
            {CSIRT, "HIDDEN HIDDEN HIDDEN HIDDEN HIDDEN"},
            {VIEWER, "FULL FULL REDACTED REDACTED HIDDEN"},
    };

    @TestFactory
    Stream<DynamicTest> theSummedUpViewFollowsTheFields() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Object[] row : VIEWS) {
            Reader reader = (Reader) row[0];
            String[] cells = ((String) row[1]).split(" ");
            for (Tlp tlp : Tlp.values()) {
                tests.add(DynamicTest.dynamicTest(name(reader) + " / " + tlp, () -> assertEquals(
                        View.valueOf(cells[tlp.ordinal()]), ReaderRule.sight(reader, tlp, INVESTIGATING).view())));
            }
        }
        return tests.stream();
    }

    private static String name(Reader r) {
        return r.authority() == null ? r.role().name() : r.role() + " of " + r.authority();
    }
}
