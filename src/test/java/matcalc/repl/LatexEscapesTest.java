package matcalc.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import matcalc.core.Expr;
import matcalc.render.LatexPrinter;
import matcalc.shape.Context;
import matcalc.shape.Script;
import matcalc.syntax.MatcalcException;
import matcalc.syntax.Source;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** LaTeX-style escapes typed in a REPL line become the Unicode the parser reads. */
class LatexEscapesTest {

    @Test
    void theTable() {
        assertEquals("x ⊙ y", LatexEscapes.toUnicode("x \\odot y"));
        assertEquals("x ⊘ y", LatexEscapes.toUnicode("x \\oslash y"));
        assertEquals("xᵀ W", LatexEscapes.toUnicode("x^\\top W"));
        assertEquals("xᵀ W", LatexEscapes.toUnicode("x^{\\top} W"));
        assertEquals("xᵀ", LatexEscapes.toUnicode("x\\top"));
        assertEquals("α x + β", LatexEscapes.toUnicode("\\alpha x + \\beta"));
        assertEquals("ŷ − y", LatexEscapes.toUnicode("\\hat{y} − y"));
        assertEquals("ŷ", LatexEscapes.toUnicode("\\hat{\\mathbf{y}}"));
        assertEquals("ŷ", LatexEscapes.toUnicode("\\hat y"));
        assertEquals("W x", LatexEscapes.toUnicode("\\mathbf{W} \\mathbf{x}"));
        assertEquals("σ(z)", LatexEscapes.toUnicode("\\sigma(z)"));
        assertEquals("𝟏ᵀ x", LatexEscapes.toUnicode("\\mathbf{1}^\\top x"));
        assertEquals("W: d × n", LatexEscapes.toUnicode("W: d \\times n"));
        assertEquals("W ∈ ℝ^{d×n}", LatexEscapes.toUnicode("W \\in \\mathbb{R}^{d×n}"));
        assertEquals("A⁻¹", LatexEscapes.toUnicode("A^{-1}"));
        assertEquals("W1 h", LatexEscapes.toUnicode("\\mathbf{W}^{(1)} h"));
        assertEquals("softmax(z)", LatexEscapes.toUnicode("\\operatorname{softmax}\\left(z\\right)"));
        assertEquals("logdet(X)", LatexEscapes.toUnicode("\\log\\det\\left(X\\right)"));
        assertEquals("x.^2", LatexEscapes.toUnicode("x^{\\circ 2}"));
        assertEquals("(1)/(2) x", LatexEscapes.toUnicode("\\frac{1}{2} x"));
        assertEquals("sqrt(x)", LatexEscapes.toUnicode("\\sqrt{x}"));
        assertEquals("W x + b", LatexEscapes.toUnicode("W x + b"), "a line without a backslash is left alone");
    }

    @Test
    void anUnknownEscapeIsAnErrorWithACaretAndASuggestion() {
        MatcalcException e = assertThrows(MatcalcException.class, () -> LatexEscapes.toUnicode("x \\odto y"));
        assertEquals("""
                input:1:3: error: unknown LaTeX escape \\odto: did you mean \\odot?
                  x \\odto y
                    ^~~~~
                  note: escapes: \\odot \\oslash \\top \\alpha … \\omega \\hat{y} \\mathbf{W} \\sigma \\times \\in \\mathbb{R}""",
                e.render());
    }

    @Test
    void completionKnowsTheEscapes() {
        List<String> names = LatexEscapes.names();
        assertTrue(names.containsAll(List.of("\\odot", "\\top", "\\alpha", "\\sigma", "\\hat{", "\\mathbf{")), names.toString());
    }

    /** What matcalc's LaTeX printer writes can be pasted back into a line: every slide expression. */
    @TestFactory
    Stream<DynamicTest> theLatexOfEverySlideExpressionReadsBack() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of("examples/slides"))) {
            files = s.filter(p -> p.toString().endsWith(".mc")).sorted().toList();
        }
        return files.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            Script.Result script = Script.run(new Source(p.toString(), Files.readString(p)));
            Context context = script.context();
            for (Context.Checked checked : script.expressions()) {
                Expr e = checked.expr();
                String latex = new LatexPrinter().print(e);
                String back = LatexEscapes.toUnicode(latex);
                Expr read;
                try {
                    read = context.check("input", back).expr();
                } catch (MatcalcException m) {
                    throw new AssertionError(latex + "\nread back as\n" + m.render(), m);
                }
                assertEquals(e, read, () -> latex + "\nread back as\n" + back);
            }
        }));
    }
}
