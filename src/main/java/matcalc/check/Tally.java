package matcalc.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Per problem, how many answers got each verdict: {@code correct}, each kind of {@link Diagnosis}
 * (a student with no row for the problem counts as {@code noAnswer}), and {@code malformedRow} for
 * the rows skipped as unreadable whose problem could still be told. The kinds are the sealed
 * type's permitted records in declaration order, named as the JSON names them (WrongShape is
 * {@code wrongShape}), so a new kind of diagnosis is counted without code here.
 */
public final class Tally {
    public static final String CORRECT = "correct";
    public static final String MALFORMED_ROW = "malformedRow";

    private Tally() {}

    /** Every kind a count can have, in order: correct, the diagnoses, malformed rows. */
    public static List<String> kinds() {
        List<String> kinds = new ArrayList<>();
        kinds.add(CORRECT);
        for (Class<?> c : Diagnosis.class.getPermittedSubclasses()) kinds.add(kind(c));
        kinds.add(MALFORMED_ROW);
        return kinds;
    }

    /** The kind of a diagnosis: its record's name, starting lower case (wrongShape, noAnswer). */
    public static String kind(Diagnosis d) {
        return kind(d.getClass());
    }

    private static String kind(Class<?> c) {
        String n = c.getSimpleName();
        return Character.toLowerCase(n.charAt(0)) + n.substring(1);
    }

    /** A kind in words: wrongShape is "wrong shape". */
    public static String words(String kind) {
        return kind.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
    }

    /**
     * The counts of each problem (in the order of the problem set), every kind present, zeros
     * included; {@code students} is how many students there are, so those without a row for a
     * problem count as having no answer.
     */
    public static Map<String, Map<String, Integer>> count(ProblemSet problems, List<Grading.Graded> graded, int students,
                                                          List<Grading.BadRow> bad) {
        Map<String, Map<String, Integer>> out = new LinkedHashMap<>();
        for (String id : problems.problems().keySet()) {
            Map<String, Integer> counts = new LinkedHashMap<>();
            for (String k : kinds()) counts.put(k, 0);
            out.put(id, counts);
        }
        Map<String, Integer> answered = new LinkedHashMap<>();
        for (Grading.Graded g : graded) {
            String id = g.submission().problem();
            out.get(id).merge(g.correct() ? CORRECT : kind(g.diagnosis()), 1, Integer::sum);
            answered.merge(id, 1, Integer::sum);
        }
        for (String id : problems.problems().keySet()) {
            out.get(id).merge(kind(Diagnosis.NoAnswer.class), students - answered.getOrDefault(id, 0), Integer::sum);
        }
        for (Grading.BadRow b : bad) {
            if (b.malformed() && b.problem() != null && out.containsKey(b.problem())) {
                out.get(b.problem()).merge(MALFORMED_ROW, 1, Integer::sum);
            }
        }
        return out;
    }
}
