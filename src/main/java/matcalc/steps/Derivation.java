package matcalc.steps;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import matcalc.core.Substitution;
import matcalc.calculus.VerificationException;
import matcalc.calculus.Derivative;
import matcalc.calculus.Deriver;
import matcalc.calculus.Engine;
import matcalc.calculus.Verification;
import matcalc.calculus.Layout;
import matcalc.calculus.Occurrences;
import matcalc.core.Expr;
import matcalc.core.Exprs;
import matcalc.core.Fn;
import matcalc.rewrite.Simplifier;
import matcalc.rewrite.Step;
import matcalc.shape.Context;
import matcalc.syntax.MatcalcException;

/**
 * A derivative worked out as the slides do it: the expression cut into named intermediate
 * functions along the way from the variable to the result (the user's names where they exist,
 * u1, u2, … elsewhere), the chain rule as a product of local Jacobians (each derived by the rules,
 * with their names and shapes), the product, and each simplification step with the rule that
 * fired. The result is checked against finite differences before it is shown.
 *
 * <p>The cuts are the arguments of functions (elementwise, softmax, logsumexp, h) and of powers,
 * and the user's named intermediates, on the part of the expression every path to the variable
 * goes through; where the variable occurs several times below the last cut, the chain rule's
 * sum over those paths is shown term by term.
 */
public final class Derivation {
    /** name = body, the body written with the next intermediate's name. */
    public record Intermediate(String name, Expr var, Expr body, Expr full) {}

    /**
     * ∂of/∂by, the local Jacobian; for a matrix variable the last factor is δ ∂of/∂by (the slides'
     * tensor contracted with δ = the product of the factors before it): then {@code seed} is that δ
     * (named δ1, … where the expression has a δ of its own), otherwise null.
     */
    public record Factor(String of, Expr.Var by, Expr jacobian, List<String> rules, Expr.Var seed) {
        public boolean contracted() {
            return seed != null;
        }
    }

    /** One occurrence of the variable below the last cut and the term its path contributes. */
    public record Path(Occurrences.Place place, Expr term) {
        /** Where the occurrence is, in words: "the first x in xᵀ A x". */
        public String where() {
            return place.toString();
        }
    }

    /** The whole expression after a simplification step, and the rule that fired. */
    public record Line(Expr expr, String rule) {}

    private final String fName;
    private final Expr f;
    private final Expr.Var x;
    private final List<Intermediate> intermediates;
    private final List<Factor> factors;
    private final List<Path> paths;
    private final Expr product;
    private final List<Line> simplification;
    private final Expr result;
    private final Expr inVariables;
    private final Verification check;

    private Derivation(String fName, Expr f, Expr.Var x, List<Intermediate> intermediates, List<Factor> factors,
                       List<Path> paths, Expr product, List<Line> simplification, Expr result, Expr inVariables,
                       Verification check) {
        this.fName = fName;
        this.f = f;
        this.x = x;
        this.intermediates = intermediates;
        this.factors = factors;
        this.paths = paths;
        this.product = product;
        this.simplification = simplification;
        this.result = result;
        this.inVariables = inVariables;
        this.check = check;
    }

    public String name() { return fName; }
    public Expr f() { return f; }
    public Expr.Var variable() { return x; }
    public List<Intermediate> intermediates() { return intermediates; }
    public List<Factor> factors() { return factors; }
    public List<Path> paths() { return paths; }
    public Expr product() { return product; }
    public List<Line> simplification() { return simplification; }
    /** The simplified result, written with the intermediates' names. */
    public Expr result() { return result; }
    /** The same in the user's variables and named intermediates only. */
    public Expr inVariables() { return inVariables; }
    public Verification check() { return check; }

    public String text() {
        return StepsText.of(this, false);
    }

    /** The derivation as text, in ASCII (d/dW, x', .*, delta) or Unicode. */
    public String text(boolean ascii) {
        return StepsText.of(this, ascii);
    }

    public String latex() {
        return StepsLatex.fragment(this);
    }

    /** A complete .tex document with these derivations, for pdflatex. */
    public static String document(List<Derivation> derivations) {
        return StepsLatex.document(derivations);
    }

    /** The steps of ∂expression/∂wrt in the engine's declarations and assumptions (numerator layout). */
    public static Derivation of(Engine engine, String expression, String wrt) {
        String xName = matcalc.syntax.Names.canonical(wrt.strip());
        Context.Checked checked = engine.check(expression).withVariable(xName).withoutUnusedAssumptions();
        Expr f = checked.expr();
        var shape = checked.variables().get(xName);
        if (shape == null) {
            throw MatcalcException.aboutVariable(wrt, "the steps are shown for a variable of the expression (its "
                    + "variables: " + String.join(", ", checked.variables().keySet()) + ")");
        }
        Expr.Var x = (Expr.Var) Exprs.var(xName, shape);
        boolean vectorF = f.shape().cols().isOne();
        boolean vectorX = x.shape().cols().isOne();
        if (!f.shape().isScalar() && !(vectorF && vectorX)) {
            int order = (vectorF ? 1 : 2) + (vectorX ? (x.shape().isScalar() ? 0 : 1) : 2);
            String what = order == 2 ? "a matrix, the derivative of a matrix function (matcalc diff without --steps gives it)"
                    : "a tensor of order " + order + " (matcalc diff without --steps gives it contracted)";
            throw MatcalcException.general("steps are shown for scalar functions, and for vector functions of a vector "
                    + "or a scalar; ∂f/∂" + x.name() + " here is " + what);
        }
        String fName = checked.definitions().containsKey(expression.strip()) ? expression.strip()
                : checked.definitions().containsKey(matcalc.syntax.Names.canonical(expression.strip()))
                ? matcalc.syntax.Names.canonical(expression.strip()) : null;
        // f, unless the expression has a variable f of its own
        for (int k = 1; fName == null; k++) {
            String name = k == 1 ? "f" : "f" + (k - 1);
            if (!checked.variables().containsKey(name) && !checked.definitions().containsKey(name)) fName = name;
        }
        Builder b = new Builder(engine, checked, f, x, fName);
        return b.build();
    }

    /** The steps are checked at points 73 seeds away from the result's own check. */
    private static final long STEPS_OFFSET = 73;

    /** Builds one derivation; holds the engine pieces and the names in use. */
    private static final class Builder {
        private final Engine engine;
        private final Context.Checked checked;
        private final Expr f;
        private final Expr.Var x;
        private final String fName;
        private final Deriver deriver;
        private final Set<String> used = new HashSet<>();
        private final Map<Expr, String> userNames = new LinkedHashMap<>();

        Builder(Engine engine, Context.Checked checked, Expr f, Expr.Var x, String fName) {
            this.engine = engine;
            this.checked = checked;
            this.f = f;
            this.x = x;
            this.fName = fName;
            used.addAll(checked.variables().keySet());
            used.addAll(checked.definitions().keySet());
            used.add(fName);
            // the seed δ of a contracted factor is printed next to the other factors: not the user's δ
            this.deriver = engine.deriver().avoiding(used);
            checked.definitions().forEach((name, body) -> {
                if (!(body instanceof Expr.Var)) userNames.putIfAbsent(body, name);
            });
        }

        Derivation build() {
            List<Expr> cuts = cuts();                       // outer to inner
            List<Intermediate> chain = new ArrayList<>();   // inner to outer, then f
            List<Expr> vars = new ArrayList<>();            // the variable of each cut, outer to inner
            // automatic names u1, u2, … from the variable outwards
            int auto = 0;
            String[] names = new String[cuts.size()];
            for (int i = cuts.size() - 1; i >= 0; i--) {
                String name = userNames.get(cuts.get(i));
                if (name == null) {
                    do {
                        name = "u" + (++auto);
                    } while (used.contains(name));
                    used.add(name);
                }
                names[i] = name;
            }
            for (int i = 0; i < cuts.size(); i++) vars.add(Exprs.var(names[i], cuts.get(i).shape()));
            // the body of each level: its node with the next cut replaced by that cut's name
            List<Expr> levels = new ArrayList<>();
            levels.add(f);
            levels.addAll(cuts);
            List<Expr> bodies = new ArrayList<>();
            for (int i = 0; i < levels.size(); i++) {
                Expr body = levels.get(i);
                if (i < cuts.size()) body = Substitution.replace(body, cuts.get(i), vars.get(i));
                bodies.add(body);
            }
            for (int i = levels.size() - 1; i >= 1; i--) {
                chain.add(new Intermediate(((Expr.Var) vars.get(i - 1)).name(), vars.get(i - 1), foldBelow(bodies.get(i)),
                        levels.get(i)));
            }
            chain.add(new Intermediate(fName, Exprs.var(fName, f.shape()), foldBelow(bodies.get(0)), f));

            // a Jacobian is written with the intermediates' names: softmax(u1) is ŷ
            Map<Expr, Expr> named = new LinkedHashMap<>();
            for (int i = 1; i < levels.size(); i++) named.put(bodies.get(i), vars.get(i - 1));
            List<Factor> factors = new ArrayList<>();
            Expr productSoFar = null;
            for (int i = 0; i < levels.size(); i++) {
                matcalc.syntax.Deadline.check();
                String of = i == 0 ? fName : ((Expr.Var) vars.get(i - 1)).name();
                Expr.Var by = i < cuts.size() ? (Expr.Var) vars.get(i) : x;
                Derivative d = derive(bodies.get(i), by);
                Expr jacobian = d.expr();
                for (var en : named.entrySet()) jacobian = Substitution.replace(jacobian, en.getKey(), en.getValue());
                // the derivative rules, then the simplification's (the bottom-up pass and the e-graph's
                // explanation), so every rule that shaped the Jacobian is named
                LinkedHashSet<String> named0 = new LinkedHashSet<>(d.differentiation().stream().map(Step::rule).toList());
                named0.addAll(d.simplification().stream().map(Step::rule).toList());
                List<String> rules = new ArrayList<>(named0);
                if (d.isTensor()) {
                    // δ ∂u/∂W with δ the product so far: substitute it for δ
                    Expr delta = productSoFar == null ? Exprs.num(1) : productSoFar;
                    factors.add(new Factor(of, by, jacobian, rules, d.delta()));
                    productSoFar = Substitution.replace(jacobian, d.delta(), delta);
                } else {
                    factors.add(new Factor(of, by, jacobian, rules, null));
                    productSoFar = productSoFar == null ? jacobian : Exprs.mul(productSoFar, jacobian);
                }
            }
            List<Path> paths = paths(bodies.get(bodies.size() - 1));

            Simplifier simplifier = engine.simplifier(checked.assumptions());
            Expr simplified = simplifier.simplify(productSoFar);
            List<Line> lines = replay(productSoFar, simplifier.trace(), simplified);

            Expr expanded = simplified;
            for (int i = 0; i < cuts.size(); i++) expanded = Substitution.replace(expanded, vars.get(i), cuts.get(i));
            Verification outcome = verify(expanded);
            return new Derivation(fName, f, x, chain, factors, paths, productSoFar, lines, simplified, fold(expanded),
                    outcome);
        }

        /** The cut points, outer to inner, on the part of f that every path to x goes through. */
        private List<Expr> cuts() {
            List<Expr> out = new ArrayList<>();
            Expr n = f;
            while (true) {
                List<Expr> dependent = new ArrayList<>();
                for (Expr c : n.children()) if (Occurrences.count(c, x, 1) > 0 && !dependent.contains(c)) dependent.add(c);
                if (dependent.size() != 1) break;
                Expr c = dependent.get(0);
                if (c.equals(x)) break;
                if (Occurrences.count(n, x, 2) != Occurrences.count(c, x, 2)) break;   // x also elsewhere in n
                if (isCut(n, c) && !out.contains(c)) out.add(c);
                n = c;
            }
            return out;
        }

        private boolean isCut(Expr parent, Expr child) {
            if (child instanceof Expr.Var) return false;
            if (userNames.containsKey(child)) return true;
            if (parent instanceof Expr.Apply a) {
                return a.fn().elementwise() || a.fn() == Fn.SOFTMAX || a.fn() == Fn.LOGSUMEXP;
            }
            if (parent instanceof Expr.UserFn u) return !Exprs.isDifferential(u);
            return parent instanceof Expr.Power p && p.base() == child;
        }

        private Derivative derive(Expr body, Expr.Var by) {
            return deriver.derive(body, List.of(by), Layout.NUMERATOR, Map.of(), checked.assumptions()).get(by.name());
        }

        /** The chain rule's terms, one per occurrence of x in the innermost body, when there are several. */
        private List<Path> paths(Expr innermost) {
            int n = Occurrences.count(innermost, x, 7);
            List<Path> out = new ArrayList<>();
            if (n < 2 || n > 6) return out;
            for (int k = 0; k < n; k++) {
                Expr.Var xk = (Expr.Var) Exprs.var(x.name() + "⁽" + (k + 1) + "⁾", x.shape());
                Occurrences.Replaced r = Occurrences.replace(innermost, x, k, xk);
                Derivative d = derive(r.expr(), xk);
                if (d.isTensor()) return List.of();
                out.add(new Path(r.place(), fold(Substitution.replace(d.expr(), xk, x))));
            }
            return out;
        }

        /** The whole expression after each step: each rewrite replayed where its left side occurs. */
        private List<Line> replay(Expr start, List<Step> trace, Expr end) {
            List<Line> out = new ArrayList<>();
            Expr cur = start;
            List<String> pending = new ArrayList<>();   // rules whose rewrite is not visible on its own
            for (Step s : trace) {
                if (!pending.contains(s.rule())) pending.add(s.rule());
                Expr next = Substitution.replace(cur, s.before(), s.after());
                if (next.equals(cur)) continue;
                cur = next;
                out.add(new Line(cur, String.join(", ", pending)));
                pending.clear();
            }
            if (!cur.equals(end)) out.add(new Line(end, String.join(", ", pending)));
            return out;
        }

        private Verification verify(Expr expanded) {
            Derivative d = new Derivative(f, x, Layout.NUMERATOR, expanded, expanded, null, List.of(), List.of());
            // the steps' own check draws other points than the result's (the same engine, another stream)
            Verification o = engine.withSeed(engine.seed() + STEPS_OFFSET).verifier()
                    .check(d, checked.assumptions(), engine.verifyPoints() == 0 ? Engine.DEFAULT_POINTS : engine.verifyPoints());
            if (o.mismatch()) {
                throw new VerificationException("the step-by-step derivation of ∂" + fName + "/∂" + x.name() + " gave "
                        + expanded + ", which failed the numeric check: " + o.detail() + ". Not showing it.");
            }
            return o;
        }

        /** A body written with the user's names, except that the body itself is not replaced by its name. */
        private Expr foldBelow(Expr body) {
            if (!userNames.containsKey(body)) return fold(body);
            List<Expr> kids = new ArrayList<>();
            for (Expr c : body.children()) kids.add(fold(c));
            return Exprs.withChildren(body, kids);
        }

        /** Writes e with the user's named intermediates (largest first). */
        private Expr fold(Expr e) {
            List<Map.Entry<Expr, String>> byCost = new ArrayList<>(userNames.entrySet());
            byCost.sort(Comparator.comparingInt((Map.Entry<Expr, String> en) -> size(en.getKey())).reversed());
            for (var en : byCost) {
                e = Substitution.replace(e, en.getKey(), Exprs.var(en.getValue(), en.getKey().shape()));
            }
            return e;
        }

        private static int size(Expr e) {
            int n = 1;
            for (Expr c : e.children()) n += size(c);
            return n;
        }
    }
}
