package matcalc.repl;

import java.util.List;
import matcalc.DerivativeResult;
import matcalc.core.Expr;
import matcalc.numeric.Values;
import matcalc.render.TextPrinter;
import org.ejml.data.DMatrixRMaj;

/** How the REPL writes expressions, derivatives and values: as `matcalc diff` and `matcalc eval` do. */
final class Printing {
    private Printing() {}

    static String text(Expr e) {
        return TextPrinter.unicode().print(e);
    }

    /** The three lines of `matcalc diff`: the question, the answer, its shape and how it was checked. */
    static String derivative(String exprText, DerivativeResult r) {
        StringBuilder out = new StringBuilder();
        out.append("∂/∂").append(r.wrt()).append(' ').append(exprText).append('\n');
        out.append("  = ").append(r.text()).append('\n');
        if (r.isTensor()) {
            String seed = r.derivative().seedName();
            out.append("  this is " + seed + " ∂f/∂").append(r.wrt()).append(" for a row vector " + seed + " (1×").append(r.shape().get(0))
                    .append("): the ").append(r.shapeText()).append(" tensor ∂f/∂").append(r.wrt())
                    .append(", entries ∂f_i/∂").append(r.wrt()).append("_jk, contracted with " + seed + "\n");
        }
        out.append("  shape ").append(r.shapeText()).append(" (").append(r.layout().word()).append(" layout); ")
                .append(verification(r));
        return out.toString();
    }

    static String verification(DerivativeResult r) {
        var v = r.verification();
        if (v.passed()) return "checked against finite differences at " + v.points() + " random points";
        return "NOT checked numerically: " + v.detail();
    }

    /** A value as `matcalc eval` prints it: "α = 2", or a header and a grid of rows. */
    static String value(String text, Expr e, DMatrixRMaj value) {
        if (e.shape().isScalar()) return text + " = " + Values.number(value.get(0, 0));
        String what = e.shape().isVector() ? "vector of length " + value.numRows : value.numRows + "×" + value.numCols;
        return text + " =   (" + what + ")\n" + Values.grid(value);
    }

    /** The value of a derivative: one grid, or one slice ∂f_i/∂W per entry of a vector f. */
    static String derivativeValue(DerivativeResult r, List<DMatrixRMaj> value) {
        StringBuilder out = new StringBuilder("∂/∂" + r.wrt() + " = " + r.text());
        for (int i = 0; i < value.size(); i++) {
            out.append('\n').append(value.size() == 1 ? "  value:" : "  value, slice i = " + (i + 1) + ":");
            out.append('\n').append(Values.grid(value.get(i)).indent(2).stripTrailing());
        }
        return out.toString();
    }
}
