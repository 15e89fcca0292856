package matcalc.codegen;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import matcalc.calculus.Engine;
import matcalc.calculus.Folding;
import matcalc.calculus.Layout;
import matcalc.calculus.VerifiedDerivative;
import matcalc.core.Dim;
import matcalc.core.Expr;
import matcalc.core.Shape;
import matcalc.core.TextPrinter;
import matcalc.plan.Dag;
import matcalc.plan.Namer;
import matcalc.plan.Program;
import matcalc.shape.Context;
import matcalc.syntax.MatcalcException;
import matcalc.syntax.Names;

/**
 * Lowers an expression and its derivatives, as {@code diff} computes them (derived, simplified and
 * verified by the {@link Engine}), to a {@link Program}: the DAG of the value and every derivative,
 * after the {@link matcalc.plan.Stable} rewrites, one step per distinct node in dependency order ({@link Dag}). A node equal to
 * the body of a named intermediate (h1 = tanh(W1 x + b1)) is computed under that name. What has no
 * formula to compute (a function with only a stated derivative) or is not a matrix (a tensor
 * derivative) is refused with a one-line reason.
 */
public final class Lowering {
    private final Dag dag;
    private final Namer names;
    private final Map<String, Expr> definitions;
    private final Map<String, Shape> inputs = new LinkedHashMap<>();
    private final Map<String, String> inputNames = new HashMap<>();
    private List<Program.Step> steps = List.of();

    private Lowering(Map<String, Expr> definitions) {
        this.definitions = definitions;
        this.dag = Dag.forCode(definitions);
        this.names = dag.names();
    }

    /**
     * The program computing the expression and its derivative with respect to each of wrts, in the
     * layout, as the engine derives them (each verified; a failed check refuses, as diff does).
     */
    public static Program lower(Engine engine, String expression, List<String> wrts, Layout layout, String name) {
        return lower(engine, expression, wrts.isEmpty() ? Map.of() : engine.derive(expression, wrts, layout), layout, name);
    }

    /** The same from derivatives already derived (engine.derive(expression, …, layout)), by variable. */
    public static Program lower(Engine engine, String expression, Map<String, VerifiedDerivative> results, Layout layout,
                                String name) {
        Context.Checked plain = engine.check(expression);
        Context.Checked checked = results.isEmpty() ? plain.withoutUnusedAssumptions()
                : results.values().iterator().next().checked();
        for (VerifiedDerivative r : results.values()) {
            if (r.derivative().isTensor()) {
                String w = r.derivative().wrt().name();
                throw MatcalcException.general("∂f/∂" + w + " is a tensor (f is " + describe(r.derivative().f().shape())
                        + ", " + w + " is " + describe(r.derivative().wrt().shape()) + "): code generation writes "
                        + "matrices only; differentiate a scalar f, or f by a vector");
            }
        }
        Map<String, Expr> defs = new LinkedHashMap<>(plain.definitions());
        Lowering l = new Lowering(defs);
        l.names.reserve(name);
        // inputs first, in the order of the declarations, so that their names are theirs
        List<String> order = new ArrayList<>(engine.context().declarations().keySet());
        for (String v : checked.variables().keySet()) if (!order.contains(v)) order.add(v);
        List<Expr> roots = new ArrayList<>();
        roots.add(checked.expr());
        for (VerifiedDerivative r : results.values()) roots.add(r.derivative().expr());
        Set<String> mentioned = new LinkedHashSet<>();
        for (Expr root : roots) l.collectInputs(root, mentioned, new java.util.HashSet<>());
        for (VerifiedDerivative r : results.values()) mentioned.add(r.derivative().wrt().name());
        for (String v : order) {
            if (mentioned.contains(v) && !defs.containsKey(v)) l.input(v, checked.variables().get(v));
        }
        for (String v : mentioned) if (!l.inputNames.containsKey(v) && !defs.containsKey(v)) l.input(v, checked.variables().get(v));

        List<Program.Output> outputs = new ArrayList<>();
        String value = l.dag.lower(checked.expr());
        outputs.add(new Program.Output(l.names.fresh("value"), value, checked.expr().shape(),
                expression.strip(), "the value of f"));
        for (VerifiedDerivative r : results.values()) {
            String w = r.derivative().wrt().name();
            String step = l.dag.lower(r.derivative().expr());
            outputs.add(new Program.Output(l.names.fresh("d" + Names.toAscii(w)), step, r.derivative().expr().shape(),
                    TextPrinter.unicode().print(r.derivative().display()), "∂f/∂" + w));
        }
        l.steps = l.dag.steps();
        List<Program.Input> ins = new ArrayList<>();
        l.inputs.forEach((v, s) -> ins.add(new Program.Input(l.inputNames.get(v), v, s,
                engine.context().properties(v))));
        List<Program.SizeBinding> sizes = l.bindSizes(ins);
        return new Program(name, ins, sizes, List.copyOf(l.steps), outputs,
                l.notes(checked, expression, layout, results));
    }

    /** "a scalar", "a vector of length n", "d×n". */
    private static String describe(Shape s) {
        return s.isScalar() ? "a scalar" : s.isVector() ? "a vector of length " + s.rows() : s.isRow() ? "a row vector 1×" + s.cols()
                : s.toString();
    }

    private Program.Notes notes(Context.Checked checked, String expression, Layout layout,
                                Map<String, VerifiedDerivative> results) {
        List<String> unchecked = new ArrayList<>();
        results.forEach((w, r) -> {
            if (!r.verification().passed()) unchecked.add("∂f/∂" + w + " (" + r.verification().detail() + ")");
        });
        List<String> defs = new ArrayList<>();
        for (String d : definitions.keySet()) {
            if (!dag.usedDefinitions().contains(d) && !mentionsName(expression, d)) continue;
            Map<String, Expr> others = new LinkedHashMap<>(definitions);
            others.remove(d);
            defs.add(d + " = " + TextPrinter.unicode().print(new Folding(others).fold(definitions.get(d))));
        }
        List<String> assumptions = new ArrayList<>();
        checked.assumptions().forEach((l, r) -> assumptions.add(TextPrinter.unicode().print(l) + " = "
                + TextPrinter.unicode().print(r)));
        return new Program.Notes(expression.strip(), defs, assumptions, layout.name().toLowerCase(java.util.Locale.ROOT),
                unchecked);
    }

    private static boolean mentionsName(String text, String name) {
        return java.util.regex.Pattern.compile("(?<![\\p{L}\\p{N}_])" + java.util.regex.Pattern.quote(name)
                + "(?![\\p{L}\\p{N}_\\p{M}])").matcher(text).find();
    }

    private void input(String v, Shape s) {
        inputs.put(v, s);
        inputNames.put(v, dag.input(v));
    }

    /** The user's variables the expression needs (named intermediates are computed, not passed). */
    private void collectInputs(Expr e, Set<String> out, Set<Expr> seen) {
        if (!seen.add(e)) return;
        if (e instanceof Expr.Var v && v.kind() == Expr.Kind.USER) {
            Expr body = definitions.get(v.name());
            if (body != null) collectInputs(body, out, seen);
            else out.add(v.name());
        }
        for (Expr c : e.children()) collectInputs(c, out, seen);
    }

    /** Each symbolic size from the first input that has it; literal sizes are checked by the emitters. */
    private List<Program.SizeBinding> bindSizes(List<Program.Input> ins) {
        Map<Dim.Sym, Program.SizeBinding> bound = new LinkedHashMap<>();
        for (Program.Input in : ins) {
            Dim[] dims = {in.shape().rows(), in.shape().cols()};
            for (int axis = 0; axis < 2; axis++) {
                if (dims[axis] instanceof Dim.Sym s && !bound.containsKey(s)) {
                    bound.put(s, new Program.SizeBinding(names.fresh(identifier(s.name())), s, in.name(), axis));
                }
            }
        }
        // every size the code uses must be known from the inputs
        List<Dim> used = new ArrayList<>();
        for (Program.Input in : ins) {
            used.add(in.shape().rows());
            used.add(in.shape().cols());
        }
        for (Program.Step s : steps) {
            used.add(s.shape().rows());
            used.add(s.shape().cols());
        }
        for (Dim d : used) {
            for (Dim f : d.factors()) {
                if (f instanceof Dim.Sym s && !bound.containsKey(s)) {
                    throw MatcalcException.general("code generation needs the size " + s + ", which no input's shape fixes "
                            + "(" + where(s) + "); declare it with a variable of that size");
                }
            }
        }
        return List.copyOf(bound.values());
    }

    private String where(Dim.Sym s) {
        for (Program.Step st : steps) {
            if (st.shape().rows().factors().contains(s) || st.shape().cols().factors().contains(s)) {
                return "in " + TextPrinter.unicode().print(st.source());
            }
        }
        return "an input's size";
    }

    static String identifier(String raw) {
        return Dag.identifier(raw);
    }
}
