package matcalc.repl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import matcalc.calculus.Engine;
import matcalc.calculus.VerifiedDerivative;
import matcalc.check.AnswerChecker;
import matcalc.check.Judgement;
import matcalc.present.CheckView;
import matcalc.present.DerivativesView;
import matcalc.present.TextRenderer;
import matcalc.present.Views;
import matcalc.shape.Context;
import matcalc.syntax.MatcalcException;

/** Derivative queries and what is asked of the last one: :steps, :latex, :check, and :save for all of them. */
final class Queries {
    private Queries() {}

    /** d/dW L, :d W L, d/dW,b L: each derivative printed as `matcalc diff` prints it, and remembered. */
    static String derive(ReplState s, String wrtText, String expression) {
        Commands.required(expression, "d/dW L: the expression to differentiate");
        List<String> wrts = new ArrayList<>();
        for (String w : wrtText.split(",")) if (!w.isBlank()) wrts.add(w.strip());
        Context context = s.context.copy();
        Engine engine = Engine.of(context);
        Map<String, VerifiedDerivative> results = asked("d/d", () -> engine.derive(expression, wrts, s.layout));
        DerivativesView view = Views.derivatives(engine, expression, results, null);
        String exprText = Printing.text(view.expression());
        for (VerifiedDerivative r : results.values()) {
            s.derivations.add(new ReplState.Query(expression, r.derivative().wrt().name(), context, s.layout, exprText, r));
        }
        return TextRenderer.unicode().derivatives(view);
    }

    /**
     * :explicit W F, or :explicit alone for the last derivative: ∂vec(F)/∂vec(W) written out as a
     * matrix, as `matcalc diff --explicit` prints it (numerator layout, whatever :layout says).
     */
    static String explicit(ReplState s, String arg) {
        String expression;
        List<String> wrts = new ArrayList<>();
        Context context;
        if (arg.isEmpty()) {
            ReplState.Query q = last(s, ":explicit");
            expression = q.expression();
            wrts.add(q.wrt());
            context = q.context().copy();
        } else {
            String[] wrtAndExpr = Commands.splitFirst(arg, ":explicit W F: the variable, then the expression");
            for (String w : wrtAndExpr[0].split(",")) if (!w.isBlank()) wrts.add(w.strip());
            expression = wrtAndExpr[1];
            context = s.context.copy();
        }
        Engine engine = Engine.of(context);
        Map<String, VerifiedDerivative> results = asked(":explicit ", () -> engine.explicit(expression, wrts));
        return TextRenderer.unicode().derivatives(Views.derivatives(engine, expression, results, null));
    }

    /**
     * :code numpy (torch, jax, java): code computing f and the derivatives of the last d/dW,b L, in
     * its declarations and layout; :code numpy EXPR: EXPR and its derivatives by each declared
     * variable it uses, in the session's.
     */
    static String code(ReplState s, String target, String expression) {
        matcalc.codegen.Target t = matcalc.codegen.Target.parse(target);
        if (!expression.isEmpty()) {
            Engine engine = Engine.of(s.context.copy());
            List<String> wrts = new ArrayList<>();
            java.util.Set<String> used = matcalc.core.Exprs.variableNames(engine.check(expression).expr());
            for (String v : s.context.declarations().keySet()) if (used.contains(v)) wrts.add(v);
            return matcalc.codegen.Codegen.generate(engine, expression, wrts, s.layout, t, null).stripTrailing();
        }
        ReplState.Query last = s.last();
        if (last == null) {
            throw MatcalcException.general(":code " + target + ": no derivative yet; ask one first (d/dW L), or write "
                    + ":code " + target + " EXPR");
        }
        // the variables asked together with the last one (d/dW,b L remembers one query per variable)
        List<String> wrts = new ArrayList<>();
        for (ReplState.Query q : s.derivations) {
            if (q.expression().equals(last.expression()) && q.context() == last.context() && q.layout() == last.layout()
                    && !wrts.contains(q.wrt())) {
                wrts.add(q.wrt());
            }
        }
        Engine engine = Engine.of(last.context());
        return matcalc.codegen.Codegen.generate(engine, last.expression(), wrts, last.layout(), t, null).stripTrailing();
    }

    /**
     * Runs a query; a message about the variable asked for says how it was asked here (d/dq: …),
     * where the CLI says --wrt q.
     */
    static <T> T asked(String askedWith, Supplier<T> query) {
        try {
            return query.get();
        } catch (MatcalcException e) {
            if (e.subject() == null) throw e;
            throw MatcalcException.general(askedWith + e.subject() + ": " + e.getMessage());
        }
    }

    /** :hessian x L, or :hessian x,y L for ∂/∂y (∂L/∂x)ᵀ: as `matcalc hessian` prints it. */
    static String hessian(ReplState s, String wrtText, String expression) {
        String[] wrts = wrtText.split(",");
        if (wrts.length > 2) throw MatcalcException.general(":hessian x L, or :hessian x,y L: at most two variables");
        String x = wrts[0].strip();
        String y = wrts.length == 2 ? wrts[1].strip() : null;
        Engine engine = Engine.of(s.context.copy());
        VerifiedDerivative h = asked(":hessian ", () -> engine.hessian(expression, x, y));
        return TextRenderer.unicode().hessian(Views.hessian(engine, expression, x, h, null));
    }

    static ReplState.Query last(ReplState s, String command) {
        ReplState.Query q = s.last();
        if (q == null) {
            throw MatcalcException.general(command + " works on the last derivative, and there is none yet: ask for one first, like d/dx sum(x)");
        }
        return q;
    }

    static String steps(ReplState s) {
        return Steps.text(s, last(s, ":steps"));
    }

    static String latex(ReplState s) {
        return Steps.latex(s, last(s, ":latex"));
    }

    /** :check ANSWER against the last query, in its context, graded in the layout it was asked in. */
    static String check(ReplState s, String answer) {
        ReplState.Query q = last(s, ":check");
        Engine engine = Engine.of(q.context().copy());
        Judgement r = matcalc.syntax.Deadline.during("checking the answer", () -> new AnswerChecker(engine).check(q.expression(), q.wrt(), answer, q.layout()));
        return TextRenderer.unicode().check(new CheckView(engine.check(q.expression()).expr(), r, false));
    }

    /** :save FILE: every derivation of the session, as a LaTeX document. */
    static String save(ReplState s, String file) {
        if (s.derivations.isEmpty()) {
            throw MatcalcException.general(":save writes the session's derivations, and there are none yet: ask for one first, like d/dx sum(x)");
        }
        Path path = matcalc.syntax.FileNames.path(file.strip());
        String document = Steps.document(s, s.derivations);
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                throw MatcalcException.general("cannot write " + file + ": there is no folder " + parent);
            }
            Files.writeString(path, document, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw MatcalcException.io("cannot write", file, e);
        }
        int n = s.derivations.size();
        return "wrote " + path + " (" + n + (n == 1 ? " derivation" : " derivations") + "; pdflatex " + path.getFileName() + " makes a PDF)";
    }
}
