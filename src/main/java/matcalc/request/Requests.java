package matcalc.request;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import matcalc.calculus.Engine;
import matcalc.calculus.Layout;
import matcalc.calculus.VerifiedDerivative;
import matcalc.check.AnswerChecker;
import matcalc.check.Judgement;
import matcalc.codegen.Codegen;
import matcalc.codegen.Target;
import matcalc.core.Intermediates;
import matcalc.numeric.Admissible;
import matcalc.numeric.Point;
import matcalc.present.CheckView;
import matcalc.present.DerivativesView;
import matcalc.present.EvalView;
import matcalc.present.Format;
import matcalc.present.HessianView;
import matcalc.present.LatexRenderer;
import matcalc.present.StepsView;
import matcalc.present.View;
import matcalc.present.Views;
import matcalc.shape.Context;
import matcalc.steps.Derivation;
import matcalc.syntax.Deadline;
import matcalc.syntax.MatcalcException;

/**
 * What each command does with what it was asked, from the parsed options to the view it prints:
 * the one code path of the command line and the HTTP API ({@code matcalc serve}), so that both
 * answer the same question with the same document. The edges only read their options (picocli's,
 * a request's JSON members), choose where the text goes and how errors are named.
 */
public final class Requests {
    private Requests() {}

    /** The engine for a context, with each assumption added (named {@code source} in messages). */
    public static Engine engine(Context context, List<String> assumptions, String source) {
        Engine engine = Engine.of(context);
        for (String a : assumptions) engine.context().let(source, "assume " + a);
        return engine;
    }

    /** diff: each derivative, derived and verified, with values at the point (read only after deriving) if there is one. */
    public static DerivativesView derivatives(Engine engine, String expression, List<String> wrt, String layout,
                                              boolean explicit, Supplier<Point> at, Intermediates.Mode names) {
        Map<String, VerifiedDerivative> results = derive(engine, expression, wrt, layout, explicit);
        Point point = at.get();
        return Views.derivatives(engine, expression, results, point).withNames(names);
    }

    /**
     * diff --steps: each derivation worked out, after the result itself was derived and verified;
     * the view is a standalone document when one was asked for, in a format other than JSON.
     */
    public static StepsView steps(Engine engine, String expression, List<String> wrt, String layout,
                                  boolean standalone, Format format) {
        derive(engine, expression, wrt, layout, false);
        List<Derivation> derivations = new ArrayList<>();
        for (String w : wrt) derivations.add(Deadline.during("working out the steps", () -> Derivation.of(engine, expression, w)));
        return new StepsView(engine.check(expression).expr(), derivations, standalone && format != Format.json);
    }

    /** The format the steps are printed in: a standalone document asked for as text is LaTeX. */
    public static Format stepsFormat(boolean standalone, Format format) {
        return standalone && format == Format.text ? Format.latex : format;
    }

    private static Map<String, VerifiedDerivative> derive(Engine engine, String expression, List<String> wrt, String layout,
                                                          boolean explicit) {
        if (explicit && Layout.parse(layout) != Layout.NUMERATOR) {
            throw MatcalcException.general("--explicit writes ∂vec(F)/∂vec(X) in numerator layout; leave out --layout "
                    + layout);
        }
        return explicit ? engine.explicit(expression, wrt) : engine.derive(expression, wrt, Layout.parse(layout));
    }

    /** check: the verdict on an answer, and the view of it. */
    public static CheckView check(Engine engine, String expression, String wrt, String answer, String layout, boolean reveal) {
        Layout choice = Layout.parse(layout);
        Judgement r = Deadline.during("checking the answer", () -> new AnswerChecker(engine).check(expression, wrt, answer, choice));
        return new CheckView(engine.check(expression).expr(), r, reveal);
    }

    /** eval: the value of the expression at the point (read after the expression is checked). */
    public static EvalView eval(Context context, String expression, Supplier<Point> at) {
        // f'(…) of a defined function f, and h'(…) stated, written out
        Context.Checked checked = Engine.of(context).check(expression);
        Point point = at.get();
        Admissible.check(point, context.properties());
        var value = Admissible.requireFinite(checked.expr(), Deadline.during("evaluating",
                () -> matcalc.plan.Plan.evaluateOnce(checked.expr(), point, checked.variables())));
        return new EvalView(checked.expr(), value);
    }

    /** hessian: the second derivative, with its value at the point (read after deriving) if there is one. */
    public static HessianView hessian(Engine engine, String expression, String wrt, String then, Supplier<Point> at) {
        VerifiedDerivative h = engine.hessian(expression, wrt, then);
        return Views.hessian(engine, expression, wrt, h, at.get());
    }

    /** codegen: the source code of the expression and its derivatives for a target (numpy, torch, jax, java). */
    public static String code(Engine engine, String expression, List<String> wrt, String layout, String target, String name) {
        Target t = Target.parse(target);
        Layout l = Layout.parse(layout).forDerivation();
        return Codegen.generate(engine, expression, wrt, l, t, name);
    }

    /** A view as text in a format (without a final line break), under the stage "printing the result". */
    public static String print(Format format, boolean ascii, View view) {
        return Deadline.during("printing the result", () -> format.renderer(ascii).render(view));
    }

    /** The LaTeX a picture of the result shows (--png, --svg): one line per derivative. */
    public static String pictureLatex(DerivativesView view) {
        return array(new LatexRenderer().derivatives(view).lines().toList());
    }

    /** The LaTeX a picture of the steps shows: each derivation. */
    public static String pictureLatex(StepsView view) {
        List<String> fragments = new ArrayList<>();
        for (Derivation d : view.items()) fragments.add(d.latex());
        return array(fragments);
    }

    private static String array(List<String> lines) {
        return lines.size() == 1 ? lines.get(0) : "\\begin{array}{l}" + String.join(" \\\\ ", lines) + "\\end{array}";
    }
}
