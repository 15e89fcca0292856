package matcalc.check;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import matcalc.calculus.Layout;
import matcalc.calculus.Occurrences;
import matcalc.core.Expr;
import matcalc.core.Shape;

/**
 * What is wrong with an answer, as data: which slip it is, and the expressions, shapes, numbers
 * and names its explanation mentions. The words are written by the renderers of package present
 * (Unicode, ASCII, LaTeX; JSON gives the data and the Unicode words), so every format explains in
 * its own notation, and a grader can count the kinds. A {@link Visitor} visits every kind, so a
 * new kind does not compile until every renderer writes it.
 */
public sealed interface Diagnosis {
    <R> R accept(Visitor<R> v);

    interface Visitor<R> {
        R wrongShape(WrongShape d);

        R transpose(Transpose d);

        R transposedStillWrong(TransposedStillWrong d);

        R zero(Zero d);

        R sign(Sign d);

        R factor(Factor d);

        R varyingFactor(VaryingFactor d);

        R onlyIfSymmetric(OnlyIfSymmetric d);

        R missingPath(MissingPath d);

        R doubledPath(DoubledPath d);

        R onlyPath(OnlyPath d);

        R missingJacobian(MissingJacobian d);

        R undefined(Undefined d);

        R undecided(Undecided d);

        R noUsualSlip(NoUsualSlip d);

        R noAnswer(NoAnswer d);

        R unreadable(Unreadable d);

        R timedOut(TimedOut d);
    }

    /** The answer has neither the shape of ∂f/∂wrt nor that of its transpose. */
    record WrongShape(Expr.Var wrt, Shape answerShape, Shape shape, Layout layout) implements Diagnosis {
        @Override public <R> R accept(Visitor<R> v) { return v.wrongShape(this); }
    }

    /**
     * The answer is ∂f/∂wrt transposed: of the transpose's shape, or of the same shape when that is
     * square. The hint says what that means for the layout.
     */
    record Transpose(Expr.Var wrt, Shape answerShape, Shape shape, Layout layout, LayoutHint hint) implements Diagnosis {
        @Override public <R> R accept(Visitor<R> v) { return v.transpose(this); }
    }

    /** Of the transpose's shape, and still wrong once transposed: {@code transposed} says how. */
    record TransposedStillWrong(Expr.Var wrt, Shape answerShape, Shape shape, Layout layout, Diagnosis transposed)
            implements Diagnosis {
        @Override public <R> R accept(Visitor<R> v) { return v.transposedStillWrong(this); }
    }

    /** The answer is zero; ∂f/∂wrt is not. */
    record Zero(Expr.Var wrt) implements Diagnosis {
        @Override public <R> R accept(Visitor<R> v) { return v.zero(this); }
    }

    /** The answer is −∂f/∂wrt. */
    record Sign(Expr.Var wrt) implements Diagnosis {
        @Override public <R> R accept(Visitor<R> v) { return v.sign(this); }
    }

    /** The answer is a constant multiple of ∂f/∂wrt: a fraction p/q with q ≤ 12 where it is one. */
    record Factor(Expr.Var wrt, double factor) implements Diagnosis {
        @Override public <R> R accept(Visitor<R> v) { return v.factor(this); }
    }

    /** At every point a multiple of ∂f/∂wrt, by a factor that ranges from {@code low} to {@code high}. */
    record VaryingFactor(Expr.Var wrt, double low, double high) implements Diagnosis {
        @Override public <R> R accept(Visitor<R> v) { return v.varyingFactor(this); }
    }

    /**
     * Right only where {@code matrix} is symmetric: the answer equals ∂f/∂wrt once the matrix is
     * replaced by its symmetric part, but the matrix is not declared symmetric (2 xᵀ A for xᵀ A x).
     */
    record OnlyIfSymmetric(Expr.Var wrt, Expr.Var matrix) implements Diagnosis {
        @Override public <R> R accept(Visitor<R> v) { return v.onlyIfSymmetric(this); }
    }

    /** The chain rule's term of one occurrence of the variable, {@code term}, is left out. */
    record MissingPath(Expr.Var wrt, Occurrences.Place through, Expr term) implements Diagnosis {
        @Override public <R> R accept(Visitor<R> v) { return v.missingPath(this); }
    }

    /** The chain rule's term of one occurrence of the variable, {@code term}, is counted twice. */
    record DoubledPath(Expr.Var wrt, Occurrences.Place through, Expr term) implements Diagnosis {
        @Override public <R> R accept(Visitor<R> v) { return v.doubledPath(this); }
    }

    /** The answer is the term of one occurrence alone, of the variable's {@code occurrences}. */
    record OnlyPath(Expr.Var wrt, Occurrences.Place through, int occurrences) implements Diagnosis {
        @Override public <R> R accept(Visitor<R> v) { return v.onlyPath(this); }
    }

    /**
     * The derivative of a function is left out: the chain rule through {@code application} needs
     * its Jacobian, diag({@code derivative}) if {@code diagonal} (an elementwise function of a
     * vector or matrix), else {@code derivative} itself (g'(u) of a scalar; diag(s) − s sᵀ for
     * softmax). {@code abbreviation} is the name the derivative gives the application (s), or null.
     */
    record MissingJacobian(Expr.Var wrt, Expr application, Expr derivative, boolean diagonal, Expr.Var abbreviation)
            implements Diagnosis {
        @Override public <R> R accept(Visitor<R> v) { return v.missingJacobian(this); }

        /** The function's name as it is written in ASCII: g, tanh, sigmoid. */
        public String function() {
            return application instanceof Expr.UserFn u ? u.name() : ((Expr.Apply) application).fn().fnName();
        }
    }

    /** The answer cannot be evaluated where ∂f/∂wrt can; {@code reason} is the evaluator's message. */
    record Undefined(Expr.Var wrt, String reason) implements Diagnosis {
        @Override public <R> R accept(Visitor<R> v) { return v.undefined(this); }
    }

    /**
     * No verdict: no point was found where the function and its derivative are defined (sizes at
     * which Xᵀ S X is invertible, say), or where the assumptions hold, so the answer could not be
     * compared; {@code reason} says which condition failed. Not a wrong answer.
     */
    record Undecided(Expr.Var wrt, String reason) implements Diagnosis {
        @Override public <R> R accept(Visitor<R> v) { return v.undecided(this); }
    }

    /** No model fits: the answer differs at a random point with these sizes (the judgement's counterexample). */
    record NoUsualSlip(Expr.Var wrt, Map<String, Integer> sizes) implements Diagnosis {
        public NoUsualSlip {
            sizes = Collections.unmodifiableMap(new LinkedHashMap<>(sizes));   // in the order they were drawn
        }

        @Override public <R> R accept(Visitor<R> v) { return v.noUsualSlip(this); }
    }

    /** Grading only: the submission is blank. */
    record NoAnswer() implements Diagnosis {
        @Override public <R> R accept(Visitor<R> v) { return v.noAnswer(this); }
    }

    /** Grading only: the answer cannot be read; {@code reason} is the first line of the error. */
    record Unreadable(String reason) implements Diagnosis {
        @Override public <R> R accept(Visitor<R> v) { return v.unreadable(this); }
    }

    /** Grading only: checking the answer passed --timeout (or was interrupted); {@code reason} says in which stage. */
    record TimedOut(String reason) implements Diagnosis {
        @Override public <R> R accept(Visitor<R> v) { return v.timedOut(this); }
    }

    /** What a transposed answer says about layouts. */
    enum LayoutHint {
        /** Nothing to add: neither f nor the variable is a vector, and the layouts agree. */
        NONE,
        /** A gradient written as a column (denominator layout's form), graded in numerator layout. */
        GRADIENT_AS_COLUMN,
        /** The derivative in the other layout. */
        OTHER_LAYOUT
    }
}
