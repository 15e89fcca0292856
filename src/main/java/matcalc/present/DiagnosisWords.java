package matcalc.present;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import matcalc.calculus.Layout;
import matcalc.calculus.Occurrences;
import matcalc.check.Diagnosis;
import matcalc.core.Expr;
import matcalc.core.Exprs;
import matcalc.core.Shape;

/**
 * A diagnosis in words, once for every format: a sentence of parts, each either plain words or a
 * thing the format writes in its own notation (an expression, a name, ∂f/∂x, a shape, a number).
 * {@link TextRenderer} writes the parts in Unicode or ASCII, {@link LatexRenderer} the words in
 * \text{…} and the rest as math.
 */
final class DiagnosisWords implements Diagnosis.Visitor<Void> {
    /** One part of a sentence. */
    sealed interface Part {}

    /** Plain words. */
    record Words(String text) implements Part {}

    /** An expression. */
    record Expression(Expr expr) implements Part {}

    /** diag(e): the Jacobian of an elementwise function. */
    record Diagonal(Expr expr) implements Part {}

    /** A variable's name: x. */
    record Name(Expr.Var var) implements Part {}

    /** A name for an expression: s = softmax(z). */
    record Definition(Expr.Var name, Expr value) implements Part {}

    /** The name of the function applied in application: g, tanh, sigmoid. */
    record FunctionName(Expr application) implements Part {}

    /** ∂f/∂x, or −∂f/∂x. */
    record Partial(Expr.Var wrt, boolean negated) implements Part {}

    /** A shape: d×n. */
    record Size(Shape shape) implements Part {}

    /** A factor: 2, 1/2, −1/3, or a decimal where it is no such fraction. */
    record Fraction(double value) implements Part {}

    /** A number to 4 significant digits: 0.2316. */
    record Decimal(double value) implements Part {}

    /** Sizes of dimensions: n = 4, d = 2. */
    record Sizes(Map<String, Integer> sizes) implements Part {}

    private final List<Part> parts = new ArrayList<>();

    private DiagnosisWords() {}

    /** The sentence that explains d. */
    static List<Part> of(Diagnosis d) {
        DiagnosisWords w = new DiagnosisWords();
        d.accept(w);
        return w.parts;
    }

    private DiagnosisWords words(String text) {
        parts.add(new Words(text));
        return this;
    }

    private DiagnosisWords math(Expr e) {
        parts.add(new Expression(e));
        return this;
    }

    private DiagnosisWords partial(Expr.Var wrt) {
        parts.add(new Partial(wrt, false));
        return this;
    }

    private DiagnosisWords size(Shape s) {
        parts.add(new Size(s));
        return this;
    }

    private DiagnosisWords name(Expr.Var x) {
        parts.add(new Name(x));
        return this;
    }

    /** "your answer is n×d; in numerator layout ∂f/∂W is d×n — " */
    private void shapes(Expr.Var wrt, Shape answer, Shape shape, Layout layout) {
        words("your answer is ").size(answer).words("; in " + layout.word() + " layout ").partial(wrt).words(" is ")
                .size(shape).words(" — ");
    }

    /** "the first x in xᵀ A x", "x in sum(x)", "the second x of …". */
    private DiagnosisWords place(Occurrences.Place p) {
        if (p.in() == null) return name(p.x());
        if (p.occurrences() > 1) words("the " + Occurrences.ordinal(p.occurrence() - 1) + " ");
        return name(p.x()).words(p.whole() ? " of " : " in ").math(p.in());
    }

    @Override
    public Void wrongShape(Diagnosis.WrongShape d) {
        words("your answer is ").size(d.answerShape()).words(", but in " + d.layout().word() + " layout ").partial(d.wrt())
                .words(" is ").size(d.shape());
        if (d.shape().isScalar()) words(" (a scalar)");
        return null;
    }

    @Override
    public Void transpose(Diagnosis.Transpose d) {
        if (d.answerShape().equals(d.shape())) {
            words("your answer is the transpose of ").partial(d.wrt());
        } else {
            shapes(d.wrt(), d.answerShape(), d.shape(), d.layout());
            words("it is the transpose");
        }
        switch (d.hint()) {
            case GRADIENT_AS_COLUMN -> words(" (you wrote the gradient as a column, as in denominator layout; "
                    + "grading with layout either accepts that)");
            case OTHER_LAYOUT -> words(" (you wrote it in " + (d.layout() == Layout.NUMERATOR ? "denominator" : "numerator")
                    + " layout; grading with layout either accepts that)");
            case NONE -> { }
        }
        return null;
    }

    @Override
    public Void transposedStillWrong(Diagnosis.TransposedStillWrong d) {
        shapes(d.wrt(), d.answerShape(), d.shape(), d.layout());
        words("it has the shape of the transpose, and transposed it is still wrong: ");
        return d.transposed().accept(this);
    }

    @Override
    public Void zero(Diagnosis.Zero d) {
        words("your answer is zero, but ").partial(d.wrt()).words(" is not");
        return null;
    }

    @Override
    public Void sign(Diagnosis.Sign d) {
        words("the sign is flipped: your answer is ");
        parts.add(new Partial(d.wrt(), true));
        return null;
    }

    @Override
    public Void factor(Diagnosis.Factor d) {
        words("off by a factor of ");
        parts.add(new Fraction(d.factor()));
        words(": your answer is ");
        parts.add(new Fraction(d.factor()));
        words(" times ").partial(d.wrt());
        return null;
    }

    @Override
    public Void varyingFactor(Diagnosis.VaryingFactor d) {
        words("a scalar factor is missing or wrong: at every point your answer is a multiple of ").partial(d.wrt())
                .words(", but by a factor that changes from point to point (from ");
        parts.add(new Decimal(d.low()));
        words(" to ");
        parts.add(new Decimal(d.high()));
        words(")");
        return null;
    }

    @Override
    public Void onlyIfSymmetric(Diagnosis.OnlyIfSymmetric d) {
        words("right only if ").name(d.matrix()).words(" is symmetric: your answer equals ").partial(d.wrt())
                .words(" wherever ").math(d.matrix()).words(" = ").math(Exprs.transpose(d.matrix())).words(", but ")
                .name(d.matrix()).words(" is not declared symmetric (declare it so if it is)");
        return null;
    }

    @Override
    public Void missingPath(Diagnosis.MissingPath d) {
        words("a chain-rule term is missing: the path through ").place(d.through()).words(" contributes ").math(d.term())
                .words(", and your answer leaves it out");
        return null;
    }

    @Override
    public Void doubledPath(Diagnosis.DoubledPath d) {
        words("a chain-rule term is counted twice: the path through ").place(d.through()).words(" contributes ")
                .math(d.term()).words(" once");
        return null;
    }

    @Override
    public Void onlyPath(Diagnosis.OnlyPath d) {
        words("only one path of the chain rule is there: the path through ").place(d.through())
                .words(" gives your answer, but ").name(d.wrt()).words(" occurs " + d.occurrences()
                        + " times and each occurrence contributes a term");
        return null;
    }

    @Override
    public Void missingJacobian(Diagnosis.MissingJacobian d) {
        words("the derivative of ");
        parts.add(new FunctionName(d.application()));
        words(" is missing: the chain rule through ").math(d.application()).words(" needs its Jacobian ");
        parts.add(d.diagonal() ? new Diagonal(d.derivative()) : new Expression(d.derivative()));
        if (d.abbreviation() != null && !d.application().shape().cols().isOne()) {
            // a batch: the Jacobian of each column
            words(" in each column (").math(d.abbreviation()).words(" a column of ").math(d.application()).words(")");
        } else if (d.abbreviation() != null) {
            words(" (");
            parts.add(new Definition(d.abbreviation(), d.application()));
            words(")");
        }
        words(", and your answer leaves it out");
        return null;
    }

    @Override
    public Void undefined(Diagnosis.Undefined d) {
        words("your answer is undefined at a point where ").partial(d.wrt()).words(" is defined: " + d.reason());
        return null;
    }

    @Override
    public Void undecided(Diagnosis.Undecided d) {
        words("your answer could not be compared with ").partial(d.wrt()).words(": " + d.reason());
        return null;
    }

    @Override
    public Void noUsualSlip(Diagnosis.NoUsualSlip d) {
        words("your answer differs from ").partial(d.wrt()).words(" at a random point");
        if (!d.sizes().isEmpty()) {
            words(" with ");
            parts.add(new Sizes(d.sizes()));
        }
        words("; it is none of the usual slips (transpose, sign, factor, a missing chain-rule term or function derivative)");
        return null;
    }

    @Override
    public Void noAnswer(Diagnosis.NoAnswer d) {
        words("no answer");
        return null;
    }

    @Override
    public Void unreadable(Diagnosis.Unreadable d) {
        words("the answer could not be read: " + d.reason());
        return null;
    }

    @Override
    public Void timedOut(Diagnosis.TimedOut d) {
        words("not graded: " + d.reason());
        return null;
    }

    /** A factor as p/q (q ≤ 12) where it is one: sign, numerator, denominator; null otherwise. */
    static long[] fraction(double c) {
        for (int q = 1; q <= 12; q++) {
            double p = c * q;
            if (Math.abs(p - Math.rint(p)) < 1e-6 * Math.max(1, Math.abs(p))) {
                long n = Math.round(p);
                return new long[] {n < 0 ? -1 : 1, Math.abs(n), q};
            }
        }
        return null;
    }

    /** To 4 significant digits, as the shortest text: 0.2316, 3, 1.5e-5. */
    static double fourDigits(double v) {
        return Double.parseDouble(String.format(java.util.Locale.ROOT, "%.4g", v));
    }
}
