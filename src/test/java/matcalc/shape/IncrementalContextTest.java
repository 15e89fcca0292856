package matcalc.shape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import matcalc.syntax.MatcalcException;
import matcalc.syntax.Parsing;
import matcalc.syntax.Source;
import matcalc.syntax.Statement;
import org.junit.jupiter.api.Test;

/**
 * Context.add checks a statement that cannot touch the others alone: the same statements, added
 * one at a time, must be accepted or refused (with the same message) exactly as when the whole
 * context is replayed for each, and leave the same context.
 */
class IncrementalContextTest {
    private static final String[] NAMES = {"x", "y", "z", "W", "A", "B", "h", "g", "n", "m", "d", "u", "sum", "ones", "xs", "Y"};
    private static final String[] SIZES = {"n", "m", "d", "2", "3", "n*m", "x", "h"};

    private static String pick(Random r, String[] a) {
        return a[r.nextInt(a.length)];
    }

    private static String statement(Random r) {
        String a = pick(r, NAMES);
        String b = pick(r, NAMES);
        String c = pick(r, NAMES);
        return switch (r.nextInt(9)) {
            case 0, 1 -> a + ": " + pick(r, SIZES);
            case 2 -> a + ", " + b + ": " + pick(r, SIZES) + " x " + pick(r, SIZES);
            case 3 -> a + ": " + pick(r, SIZES) + " x " + pick(r, SIZES) + " symmetric";
            case 4 -> a + ": scalar";
            case 5 -> "assume sum(" + a + ") = 1";
            case 6 -> "assume " + a + " " + b + " = " + c;
            case 7 -> "assume " + a + "ᵀ " + b + " = " + (r.nextBoolean() ? "1" : "sum(" + c + ") / " + pick(r, SIZES));
            default -> a + " = tanh(" + b + " " + c + ")";
        };
    }

    private static String outcome(Context c, Statement s, boolean replay) {
        try {
            if (replay) c.addReplaying(s);
            else c.add(s);
            return "ok";
        } catch (MatcalcException e) {
            return e.getMessage();
        }
    }

    @Test
    void addingOneAtATimeAgreesWithReplayingEverything() {
        int fastAccepted = 0;
        for (int seed = 0; seed < 400; seed++) {
            Random r = new Random(seed);
            Context incremental = new Context();
            Context replayed = new Context();
            List<String> log = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                String text = statement(r);
                List<Statement> ss;
                try {
                    ss = Parsing.statements(new Source("input", text));
                } catch (MatcalcException e) {
                    continue;
                }
                log.add(text);
                for (Statement s : ss) {
                    String want = outcome(replayed, s, true);
                    String got = outcome(incremental, s, false);
                    assertEquals(want, got, "seed " + seed + " after " + log);
                    if (got.equals("ok")) fastAccepted++;
                }
                assertEquals(replayed.declarations(), incremental.declarations(), "seed " + seed + " " + log);
                assertEquals(replayed.definitions(), incremental.definitions(), "seed " + seed + " " + log);
                assertEquals(replayed.assumptions(), incremental.assumptions(), "seed " + seed + " " + log);
            }
        }
        assertTrue(fastAccepted > 500, "too few statements accepted to mean anything: " + fastAccepted);
    }

    @Test
    void aManyDeclarationContextStillRefusesAClash() {
        Context c = new Context();
        for (int i = 1; i <= 300; i++) c.let("let", "W" + i + ": n" + i + " x n" + (i - 1) + "; b" + i + ": n" + i);
        MatcalcException e = org.junit.jupiter.api.Assertions.assertThrows(MatcalcException.class,
                () -> c.let("let", "S: n1 x n2 symmetric"));
        assertTrue(e.getMessage().contains("not square"), e.getMessage());
        MatcalcException f = org.junit.jupiter.api.Assertions.assertThrows(MatcalcException.class,
                () -> c.let("assume", "assume W2 b1 = b1"));
        assertTrue(f.getMessage().contains("n1") && f.getMessage().contains("n2"), f.getMessage());
        assertEquals(600, c.declarations().size());
        assertTrue(c.assumptions().isEmpty());
    }
}
