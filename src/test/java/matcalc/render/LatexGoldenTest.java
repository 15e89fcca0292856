package matcalc.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import matcalc.DerivativeResult;
import matcalc.Session;
import matcalc.calculus.Layout;
import matcalc.shape.Context;
import matcalc.shape.Script;
import matcalc.syntax.Source;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The LaTeX of every slide expression (examples/slides/*.mc: its named intermediates and its
 * expressions) and of every slide derivative (src/test/resources/golden/derivatives.txt), pinned
 * in src/test/resources/golden/latex.txt. Each entry is a header line (where it comes from and what
 * was printed) and the LaTeX on the next line, indented. The ASCII twin of each example must give
 * the same LaTeX. With -Dgolden.update=true the file is rewritten (review the diff).
 */
class LatexGoldenTest {
    static final Path FILE = Path.of("src/test/resources/golden/latex.txt");
    static final Path SLIDES = Path.of("examples/slides");
    static final Path ASCII = Path.of("examples/slides-ascii");
    static final Path DERIVATIVES = Path.of("src/test/resources/golden/derivatives.txt");

    static final String HEADER = """
            # LaTeX of the slide expressions and derivatives, pinned by LatexGoldenTest: a header line (the
            # example file or the derivative asked for), then the LaTeX, indented by four spaces.
            # Regenerate with: mvn test -Dtest=LatexGoldenTest -Dgolden.update=true (and review the diff).
            """;

    // ---------------------------------------------------------------- what is printed

    static List<Path> slideFiles() throws IOException {
        try (Stream<Path> s = Files.list(SLIDES)) {
            return s.filter(p -> p.toString().endsWith(".mc")).sorted().toList();
        }
    }

    static Script.Result run(Path p) throws IOException {
        return Script.run(new Source(p.toString(), Files.readString(p, StandardCharsets.UTF_8)));
    }

    /** The example's named intermediates and expressions, in order, with the LaTeX of each. */
    static Map<String, String> exampleEntries(Path p) throws IOException {
        Script.Result r = run(p);
        Map<String, String> out = new LinkedHashMap<>();
        String file = p.getFileName().toString();
        LatexPrinter printer = new LatexPrinter();
        if (!r.expressions().isEmpty()) {
            r.expressions().get(0).definitions().forEach((name, e) -> out.put(file + "  " + name + " = …", printer.print(e)));
        }
        for (int i = 0; i < r.expressions().size(); i++) {
            String key = file + "  " + r.statements().get(i).span().text().strip();
            while (out.containsKey(key)) key += " (again)";
            out.put(key, printer.print(r.expressions().get(i).expr()));
        }
        return out;
    }

    /** One block of derivatives.txt. */
    record DerivativeCase(Map<String, String> fields) {
        String get(String k) {
            return fields.get(k);
        }

        String header() {
            StringBuilder sb = new StringBuilder("∂/∂" + get("wrt") + " " + get("expr") + "  [" + get("let") + "]");
            if (fields.containsKey("assume")) sb.append(" assume ").append(get("assume"));
            if (fields.containsKey("layout")) sb.append(" ").append(get("layout")).append(" layout");
            return sb.toString();
        }

        DerivativeResult derive() {
            Session s = new Session();
            for (String st : get("let").split(";")) s.let(st.strip());
            if (fields.containsKey("assume")) s.assume(get("assume"));
            if (fields.containsKey("layout")) s.layout(Layout.parse(get("layout")));
            return s.derive(get("expr"), get("wrt"));
        }
    }

    static List<DerivativeCase> derivativeCases() throws IOException {
        List<DerivativeCase> out = new ArrayList<>();
        Map<String, String> cur = new LinkedHashMap<>();
        List<String> lines = new ArrayList<>(Files.readAllLines(DERIVATIVES, StandardCharsets.UTF_8));
        lines.add("");
        for (String raw : lines) {
            String l = raw.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                if (!cur.isEmpty()) out.add(new DerivativeCase(cur));
                cur = new LinkedHashMap<>();
                continue;
            }
            int colon = l.indexOf(':');
            cur.put(l.substring(0, colon).strip(), l.substring(colon + 1).strip());
        }
        return out;
    }

    /** Everything the golden file pins, header → LaTeX, in file order. */
    static Map<String, String> computeAll() throws IOException {
        Map<String, String> all = new LinkedHashMap<>();
        for (Path p : slideFiles()) all.putAll(exampleEntries(p));
        for (DerivativeCase c : derivativeCases()) all.put(c.header(), c.derive().latex());
        return all;
    }

    // ---------------------------------------------------------------- the golden file

    static Map<String, String> readGolden() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        String header = null;
        for (String l : Files.readAllLines(FILE, StandardCharsets.UTF_8)) {
            if (l.isBlank() || l.startsWith("#")) continue;
            if (l.startsWith("    ")) {
                assertNotNull(header, "LaTeX without a header: " + l);
                out.put(header, l.substring(4));
                header = null;
            } else {
                header = l;
            }
        }
        return out;
    }

    static void writeGolden(Map<String, String> all) throws IOException {
        StringBuilder sb = new StringBuilder(HEADER);
        String section = null;
        for (Map.Entry<String, String> e : all.entrySet()) {
            String s = e.getKey().startsWith("∂") ? "derivatives" : e.getKey().substring(0, e.getKey().indexOf("  "));
            if (!s.equals(section)) {
                sb.append('\n');
                section = s;
            }
            sb.append(e.getKey()).append('\n').append("    ").append(e.getValue()).append('\n');
        }
        Files.writeString(FILE, sb.toString(), StandardCharsets.UTF_8);
    }

    @TestFactory
    Stream<DynamicTest> everySlideExpressionAndDerivative() throws IOException {
        Map<String, String> actual = computeAll();
        if (Boolean.getBoolean("golden.update")) writeGolden(actual);
        Map<String, String> golden = readGolden();
        List<DynamicTest> tests = new ArrayList<>();
        actual.forEach((header, latex) -> tests.add(DynamicTest.dynamicTest(header, () -> {
            String want = golden.get(header);
            assertNotNull(want, "not in " + FILE + ": " + header + "\n(run with -Dgolden.update=true and review the diff)");
            assertEquals(want, latex, header);
            wellFormed(latex);
        })));
        tests.add(DynamicTest.dynamicTest("no stale entries in the golden file", () -> {
            List<String> stale = golden.keySet().stream().filter(k -> !actual.containsKey(k)).toList();
            assertTrue(stale.isEmpty(), "entries no example or derivative produces any more: " + stale
                    + "\n(run with -Dgolden.update=true and review the diff)");
        }));
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> theAsciiTwinGivesTheSameLatex() throws IOException {
        return slideFiles().stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            Script.Result unicode = run(p);
            Script.Result ascii = run(ASCII.resolve(p.getFileName()));
            assertEquals(unicode.expressions().size(), ascii.expressions().size());
            LatexPrinter printer = new LatexPrinter();
            for (int i = 0; i < unicode.expressions().size(); i++) {
                assertEquals(printer.print(unicode.expressions().get(i).expr()),
                        printer.print(ascii.expressions().get(i).expr()),
                        p + ": " + unicode.statements().get(i).span().text() + " vs " + ascii.statements().get(i).span().text());
            }
        }));
    }

    /** LaTeX that a TeX engine can read: ASCII only, balanced braces and \left…\right, no e-notation. */
    static void wellFormed(String latex) {
        for (int i = 0; i < latex.length(); i++) {
            assertTrue(latex.charAt(i) < 128, "non-ASCII character '" + latex.charAt(i) + "' in " + latex);
        }
        int depth = 0;
        for (char c : latex.toCharArray()) {
            if (c == '{') depth++;
            if (c == '}') depth--;
            assertTrue(depth >= 0, "unbalanced braces: " + latex);
        }
        assertEquals(0, depth, "unbalanced braces: " + latex);
        assertEquals(count(latex, "\\left"), count(latex, "\\right"), "\\left without \\right: " + latex);
        assertFalse(latex.matches(".*\\d[eE]-?\\d.*"), "e-notation is not LaTeX: " + latex);
        assertFalse(latex.matches(".*\\^\\{[^}]*\\}\\^.*") || latex.matches(".*\\^\\\\top\\^.*"), "double superscript: " + latex);
        assertFalse(latex.contains("\\mathbf{\\mathrm"), "\\mathrm inside \\mathbf is not bold: " + latex);
    }

    private static int count(String s, String sub) {
        int n = 0;
        for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + 1)) n++;
        return n;
    }

    // ---------------------------------------------------------------- the slides' conventions

    @Test
    void theSlidesConventionsAppearWhereTheyShould() throws IOException {
        Map<String, String> all = readGolden();
        String logistic = all.get("15-logistic-regression.mc  L");
        assertEquals("-\\operatorname{sum}\\left(\\mathbf{y} \\odot \\log\\left(\\operatorname{softmax}\\left("
                + "\\mathbf{W} \\mathbf{x} + \\mathbf{b}\\right)\\right)\\right)", logistic);
        String hidden = all.get("16-one-hidden-layer.mc  (ŷ − y)ᵀ W2 diag(g'(W1 x + b1))");
        assertNotNull(hidden, "the one-hidden-layer slide lost an expression");
        assertTrue(hidden.contains("\\mathbf{W}^{(2)} \\operatorname{diag}\\left(g'\\left("), hidden);
        // ∂L/∂W of logistic regression, written with ŷ as the slides write it: (ŷ − y) xᵀ
        String derivative = all.entrySet().stream()
                .filter(e -> e.getKey().startsWith("∂/∂W -sum(y ⊙ log(softmax(W x + b)))") && e.getKey().contains("ŷ ="))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        assertEquals("\\left(\\hat{\\mathbf{y}} - \\mathbf{y}\\right) \\mathbf{x}^\\top", derivative);
        String joined = String.join("\n", all.values());
        for (String must : List.of("\\mathbf{W}", "\\hat{\\mathbf{y}}", "^\\top", "\\odot", "\\operatorname{softmax}",
                "\\operatorname{diag}", "\\mathbf{1}", "\\mathbf{I}", "\\mathbf{W}^{(1)}", "{\\mathbf{W}^{(2)}}^\\top")) {
            assertTrue(joined.contains(must), "no slide shows " + must);
        }
    }

    /** Hand-checked LaTeX for single expressions: the slides' conventions and the printer's corner cases. */
    @ParameterizedTest(name = "{0}  →  {2}")
    @CsvSource(delimiter = '¦', quoteCharacter = '"', value = {
        // bold vectors and matrices, plain scalars
        "W x + b             ¦ W: d x n            ¦ \\mathbf{W} \\mathbf{x} + \\mathbf{b}",
        "α x                 ¦ x: n                ¦ \\alpha \\mathbf{x}",
        "ŷ − y               ¦ y: n                ¦ \\hat{\\mathbf{y}} - \\mathbf{y}",
        "y_hat - y           ¦ y: n                ¦ \\hat{\\mathbf{y}} - \\mathbf{y}",
        "Σ x                 ¦ Σ: n x n            ¦ \\boldsymbol{\\Sigma} \\mathbf{x}",
        "lr x                ¦ lr: scalar          ¦ \\mathrm{lr} \\mathbf{x}",
        "loss + x            ¦ loss: n             ¦ \\mathbf{loss} + \\mathbf{x}",
        "x_i                 ¦ x_i: n              ¦ \\mathbf{x}_{i}",
        "α1 x                ¦ x: n                ¦ \\alpha_{1} \\mathbf{x}",
        // layer indices as superscripts, braced when a transpose follows
        "W1ᵀ W1              ¦ W1: k x n           ¦ {\\mathbf{W}^{(1)}}^\\top \\mathbf{W}^{(1)}",
        "h1.^2               ¦ h1: k               ¦ {\\mathbf{h}^{(1)}}^{\\circ 2}",
        // operators
        "x ⊙ y               ¦ x: n                ¦ \\mathbf{x} \\odot \\mathbf{y}",
        "x ⊘ y               ¦ x: n                ¦ \\mathbf{x} \\oslash \\mathbf{y}",
        "xᵀ y                ¦ x: n                ¦ \\mathbf{x}^\\top \\mathbf{y}",
        "(W x)ᵀ              ¦ W: d x n            ¦ \\left(\\mathbf{W} \\mathbf{x}\\right)^\\top",
        "(x + y) ⊙ z         ¦ x: n                ¦ \\left(\\mathbf{x} + \\mathbf{y}\\right) \\odot \\mathbf{z}",
        "x ⊙ (-y)            ¦ x: n                ¦ \\mathbf{x} \\odot \\left(-\\mathbf{y}\\right)",
        "x / α               ¦ x: n                ¦ \\frac{\\mathbf{x}}{\\alpha}",
        "I − x xᵀ            ¦ x: n                ¦ \\mathbf{I} - \\mathbf{x} \\mathbf{x}^\\top",
        "𝟏ᵀ diag(y)          ¦ y: n                ¦ \\mathbf{1}^\\top \\operatorname{diag}\\left(\\mathbf{y}\\right)",
        // functions
        "softmax(W x + b)    ¦ W: d x n            ¦ \\operatorname{softmax}\\left(\\mathbf{W} \\mathbf{x} + \\mathbf{b}\\right)",
        "σ(x) + sigmoid(y)   ¦ x: n                ¦ \\sigma\\left(\\mathbf{x}\\right) + \\sigma\\left(\\mathbf{y}\\right)",
        "h'(x)               ¦ x: n                ¦ h'\\left(\\mathbf{x}\\right)",
        "tr(A) + logdet(A)   ¦ A: n x n            ¦ \\operatorname{tr}\\left(\\mathbf{A}\\right) + \\log\\det\\left(\\mathbf{A}\\right)",
        "inv(A) b            ¦ A: n x n            ¦ \\mathbf{A}^{-1} \\mathbf{b}",
        "‖W x − y‖^2         ¦ W: d x n            ¦ \\left\\|\\mathbf{W} \\mathbf{x} - \\mathbf{y}\\right\\|^{2}",
        "sqrt(x) ⊙ abs(x)    ¦ x: n                ¦ \\sqrt{\\mathbf{x}} \\odot \\left|\\mathbf{x}\\right|",
        // numbers: never e-notation
        "1e-5 x              ¦ x: n                ¦ 10^{-5} \\mathbf{x}",
        "2.5e-5 x            ¦ x: n                ¦ 2.5 \\cdot 10^{-5} \\mathbf{x}",
        "x.^1e-4             ¦ x: n                ¦ \\mathbf{x}^{\\circ 10^{-4}}",
        "0.5 x               ¦ x: n                ¦ 0.5 \\mathbf{x}",
    })
    void singleExpressions(String expr, String lets, String expected) {
        Context c = new Context();
        c.let("--let", lets);
        String latex = new LatexPrinter().print(c.check("input", expr).expr());
        assertEquals(expected, latex, expr);
        wellFormed(latex);
    }
}
