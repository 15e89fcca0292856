package matcalc.present;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import matcalc.DerivativeResult;
import matcalc.Matrix;
import matcalc.Session;
import matcalc.cli.CliRun;
import matcalc.core.Intermediates;
import matcalc.core.TextPrinter;
import org.junit.jupiter.api.Test;

/**
 * Results printed with named intermediates (h1 = tanh(W1 x + b1), δ3 = …): pinned for a 3- and a
 * 5-layer network, linear in the depth, and checked numerically: each definition parses, and the
 * result with the definitions substituted back evaluates to the derivative as derived.
 */
class IntermediatesTest {
    /** The network: h_i = tanh(W_i h_(i−1) + b_i) for every layer, L = sum((h_K − y) ⊙ (h_K − y)). */
    static String loss(int k) {
        String h = "x";
        for (int i = 1; i <= k; i++) h = "tanh(W" + i + " " + h + " + b" + i + ")";
        return "sum((" + h + " - y) ⊙ (" + h + " - y))";
    }

    static String declarations(int k) {
        List<String> d = new ArrayList<>(List.of("x: n0"));
        for (int i = 1; i <= k; i++) d.add("W" + i + ": n" + i + " x n" + (i - 1) + "; b" + i + ": n" + i);
        d.add("y: n" + k);
        return String.join("; ", d);
    }

    static String weights(int k) {
        List<String> w = new ArrayList<>();
        for (int i = 1; i <= k; i++) w.add("W" + i);
        return String.join(",", w);
    }

    @Test
    void threeAndFiveLayerNetworksPrintAsTheSlidesBackPropagation() throws Exception {
        for (int k : new int[] {3, 5}) {
            StringBuilder all = new StringBuilder();
            for (String format : new String[] {"text", "latex"}) {
                CliRun.Run run = CliRun.run("diff", "--names", "on", "--format", format, "--let", declarations(k),
                        "--wrt", weights(k), loss(k));
                assertEquals(0, run.code(), run.err());
                all.append(run.out());
            }
            Path golden = Path.of("src/test/resources/golden/deep-names-" + k + ".txt");
            if (Boolean.getBoolean("golden.update")) Files.writeString(golden, all.toString(), StandardCharsets.UTF_8);
            assertEquals(Files.readString(golden, StandardCharsets.UTF_8), all.toString(), golden.toString());
        }
    }

    @Test
    void autoNamesADeepResultButNotASmallOne() {
        CliRun.Run deep = CliRun.run("diff", "--let", declarations(6), "--wrt", "W1", loss(6));
        assertTrue(deep.out().contains("  = δ1 xᵀ\n  where h1 = tanh(W1 x + b1)\n"), deep.out());
        CliRun.Run off = CliRun.run("diff", "--names", "off", "--let", declarations(6), "--wrt", "W1", loss(6));
        assertTrue(!off.out().contains("where") && off.out().contains("tanh(W1 x + b1)"), off.out());
        CliRun.Run small = CliRun.run("diff", "--let", declarations(1), "--wrt", "W1", loss(1));
        assertTrue(!small.out().contains("where"), small.out());
        CliRun.Run json = CliRun.run("diff", "--names", "on", "--format", "json", "--let", declarations(2), "--wrt", "W1", loss(2));
        assertTrue(json.out().contains("\"where\" : [ {") && json.out().contains("\"text\" : \"δ1 xᵀ\""), json.out());
    }

    @Test
    void aDeepGradientNamedIsLinearInTheDepth() throws Exception {
        long[] sizes = new long[2];
        int[] ks = {16, 64};
        for (int j = 0; j < ks.length; j++) {
            int k = ks[j];
            Session s = new Session().verifyPoints(0).let(declarations(k));
            DerivativeResult r = onLargeStack(() -> s.derive(loss(k), "W1"));
            Intermediates named = new DerivativeView(r.result(), null, List.of(), null, Intermediates.Mode.auto).intermediates();
            assertNotNull(named);
            assertEquals(2 * k, named.definitions().size(), "h1…hK and δ1…δK");
            sizes[j] = named.size();
        }
        // four times the layers: about four times the text (quadratic would be sixteen)
        assertTrue(sizes[1] < 5 * sizes[0], sizes[0] + " → " + sizes[1]);
    }

    @Test
    void definitionsSubstitutedBackGiveTheDerivative() throws Exception {
        Random random = new Random(20261203L);
        for (int k : new int[] {1, 3, 5, 8}) {
            Session derived = new Session().let(declarations(k));   // checked at 3 points as usual
            Map<String, DerivativeResult> results = onLargeStack(() -> derived.deriveAll(loss(k), List.of(weights(k).split(","))));
            Map<String, Matrix> point = point(k, random);
            for (DerivativeResult r : results.values()) {
                for (boolean ascii : new boolean[] {false, true}) {
                    TextPrinter printer = ascii ? TextPrinter.ascii() : TextPrinter.unicode();
                    Intermediates named = new DerivativeView(r.result(), null, List.of(), null, Intermediates.Mode.on)
                            .intermediates();
                    assertNotNull(named, r.wrt());
                    Session s = new Session().let(declarations(k));
                    for (Intermediates.Definition d : named.definitions()) {
                        s.let(printer.name(d.name().name()) + " = " + printer.print(d.body()));
                    }
                    Matrix expected = derived.eval(r.text(), point);
                    Matrix actual = s.eval(printer.print(named.result()), point);
                    assertClose(expected, actual, "K = " + k + ", ∂/∂" + r.wrt() + (ascii ? " (ASCII)" : ""));
                }
            }
        }
    }

    @Test
    void allTheGradientsOfAFourLayerNetworkShareOneList() throws Exception {
        StringBuilder all = new StringBuilder();
        for (String format : new String[] {"text", "json"}) {
            CliRun.Run run = CliRun.run("diff", "--format", format, "--let", declarations(4), "--wrt", weights(4), loss(4));
            assertEquals(0, run.code(), run.err());
            all.append(run.out());
        }
        Path golden = Path.of("src/test/resources/golden/deep-names-all-4.txt");
        if (Boolean.getBoolean("golden.update")) Files.writeString(golden, all.toString(), StandardCharsets.UTF_8);
        assertEquals(Files.readString(golden, StandardCharsets.UTF_8), all.toString(), golden.toString());
        // one where list, after the results, in the order of computation: h1…h4, then δ4…δ1
        String text = all.substring(0, all.indexOf("{"));
        assertEquals(1, text.split("where", -1).length - 1, text);
        assertTrue(text.indexOf("where h1 = ") < text.indexOf("      h4 = ") && text.indexOf("      h4 = ") < text.indexOf("      δ4 = ")
                && text.indexOf("      δ4 = ") < text.indexOf("      δ1 = "), text);
    }

    @Test
    void allKGradientsNamedTogetherAreLinearInTheDepth() {
        int[] ks = {8, 16, 32};
        long[] chars = new long[ks.length];
        for (int j = 0; j < ks.length; j++) {
            CliRun.Run run = CliRun.run("diff", "--let", declarations(ks[j]), "--wrt", weights(ks[j]), loss(ks[j]));
            assertEquals(0, run.code(), run.err());
            assertEquals(1, run.out().split("\nwhere ", -1).length - 1, "one list of definitions at K = " + ks[j]);
            chars[j] = run.out().length();
        }
        // per layer: a result with its header, shape and check line, an h and a δ; bounded, not growing with K
        for (int j = 0; j < ks.length; j++) assertTrue(chars[j] < 400L * ks[j], "K = " + ks[j] + ": " + chars[j] + " characters");
        // twice the layers, about twice the text (from 16 results the check line says "jointly with the other …": longer)
        assertTrue(chars[2] < 2.25 * chars[1], chars[0] + " → " + chars[1] + " → " + chars[2]);
    }

    @Test
    void everyResultOfTheJointFormSubstitutedBackGivesItsDerivative() throws Exception {
        Random random = new Random(20261204L);
        for (int k : new int[] {2, 4, 7}) {
            Session derived = new Session().let(declarations(k));
            Map<String, DerivativeResult> results = onLargeStack(() -> derived.deriveAll(loss(k), List.of(weights(k).split(","))));
            List<DerivativeView> items = new ArrayList<>();
            for (DerivativeResult r : results.values()) items.add(new DerivativeView(r.result(), null, List.of(), null, Intermediates.Mode.on));
            DerivativesView view = new DerivativesView(items.get(0).result().derivative().f(), items);
            Intermediates.Joint joint = view.joint();
            assertNotNull(joint);
            assertEquals(2 * k, joint.definitions().size(), "h1…hK and δ1…δK, each once");
            Map<String, Matrix> point = point(k, random);
            for (boolean ascii : new boolean[] {false, true}) {
                TextPrinter printer = ascii ? TextPrinter.ascii() : TextPrinter.unicode();
                Session s = new Session().let(declarations(k));
                for (Intermediates.Definition d : joint.definitions()) {
                    s.let(printer.name(d.name().name()) + " = " + printer.print(d.body()));
                }
                int i = 0;
                for (DerivativeResult r : results.values()) {
                    Matrix expected = derived.eval(r.text(), point);
                    Matrix actual = s.eval(printer.print(joint.results().get(i++)), point);
                    assertClose(expected, actual, "K = " + k + ", ∂/∂" + r.wrt() + (ascii ? " (ASCII)" : ""));
                }
                // the header in names is the expression differentiated
                assertClose(derived.eval(loss(k), point), s.eval(printer.print(joint.expression()), point), "K = " + k + ", f");
            }
        }
    }

    @Test
    void namesTheUserHasAlreadyTakenArePassedOver() {
        Session s = new Session().let("x: n; W: m x n; b: m; h1: m");
        DerivativeResult r = s.derive("sum(tanh(W x + b) ⊙ tanh(W x + b) ⊙ h1)", "W");
        Intermediates named = new DerivativeView(r.result(), null, List.of(), null, Intermediates.Mode.on).intermediates();
        assertNotNull(named);
        for (Intermediates.Definition d : named.definitions()) assertTrue(!d.name().name().startsWith("h"), d.name().name());
        assertNull(new DerivativeView(r.result(), null, List.of(), null, Intermediates.Mode.off).intermediates());
    }

    private static Map<String, Matrix> point(int k, Random random) {
        int[] n = new int[k + 1];
        for (int i = 0; i <= k; i++) n[i] = 2 + random.nextInt(3);
        Map<String, Matrix> p = new HashMap<>();
        p.put("x", Matrix.of(rows(n[0], 1, random)));
        for (int i = 1; i <= k; i++) {
            p.put("W" + i, Matrix.of(rows(n[i], n[i - 1], random)));
            p.put("b" + i, Matrix.of(rows(n[i], 1, random)));
        }
        p.put("y", Matrix.of(rows(n[k], 1, random)));
        return p;
    }

    private static double[][] rows(int r, int c, Random random) {
        double[][] out = new double[r][c];
        for (double[] row : out) for (int j = 0; j < c; j++) row[j] = random.nextGaussian();
        return out;
    }

    private static void assertClose(Matrix expected, Matrix actual, String what) {
        assertEquals(expected.rows(), actual.rows(), what);
        assertEquals(expected.cols(), actual.cols(), what);
        double scale = 1e-300;
        for (int i = 0; i < expected.rows(); i++) for (int j = 0; j < expected.cols(); j++) scale = Math.max(scale, Math.abs(expected.get(i, j)));
        for (int i = 0; i < expected.rows(); i++) {
            for (int j = 0; j < expected.cols(); j++) {
                assertEquals(expected.get(i, j), actual.get(i, j), 1e-9 * scale, what + " at (" + i + ", " + j + ")");
            }
        }
    }

    private static <T> T onLargeStack(java.util.concurrent.Callable<T> body) throws Exception {
        Object[] out = new Object[1];
        Throwable[] failure = new Throwable[1];
        Thread t = new Thread(null, () -> {
            try {
                out[0] = body.call();
            } catch (Throwable e) {
                failure[0] = e;
            }
        }, "deep", 256L << 20);
        t.start();
        t.join();
        if (failure[0] instanceof Exception e) throw e;
        if (failure[0] instanceof Error e) throw e;
        @SuppressWarnings("unchecked") T result = (T) out[0];
        return result;
    }
}
