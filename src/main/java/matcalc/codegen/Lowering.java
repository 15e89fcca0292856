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
import matcalc.core.Exprs;
import matcalc.core.Shape;
import matcalc.core.TextPrinter;
import matcalc.shape.Context;
import matcalc.syntax.MatcalcException;
import matcalc.syntax.Names;

/**
 * Lowers an expression and its derivatives, as {@code diff} computes them (derived, simplified and
 * verified by the {@link Engine}), to a {@link Program}: the DAG of the value and every derivative,
 * after the {@link Stable} rewrites, one step per distinct node in dependency order. A node equal to
 * the body of a named intermediate (h1 = tanh(W1 x + b1)) is computed under that name. What has no
 * formula to compute (a function with only a stated derivative) or is not a matrix (a tensor
 * derivative) is refused with a one-line reason.
 */
public final class Lowering {
    private final Namer names = new Namer();
    private final Stable stable = new Stable();
    private final Map<Expr, String> done = new HashMap<>();
    private final Map<Expr, String> namedBodies = new HashMap<>();
    private final Map<String, Expr> definitions;
    private final Map<String, Shape> inputs = new LinkedHashMap<>();
    private final Map<String, String> inputNames = new HashMap<>();
    private final List<Program.Step> steps = new ArrayList<>();
    private final Set<String> usedDefinitions = new LinkedHashSet<>();

    private Lowering(Map<String, Expr> definitions) {
        this.definitions = definitions;
        definitions.forEach((name, body) -> {
            if (!(body instanceof Expr.Var) && !(body instanceof Expr.Num)) {
                namedBodies.putIfAbsent(stable.rewrite(body), name);
            }
        });
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
        String value = l.lower(checked.expr());
        outputs.add(new Program.Output(l.names.fresh("value"), value, checked.expr().shape(),
                expression.strip(), "the value of f"));
        for (VerifiedDerivative r : results.values()) {
            String w = r.derivative().wrt().name();
            String step = l.lower(r.derivative().expr());
            outputs.add(new Program.Output(l.names.fresh("d" + Names.toAscii(w)), step, r.derivative().expr().shape(),
                    TextPrinter.unicode().print(r.derivative().display()), "∂f/∂" + w));
        }
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
            if (!usedDefinitions.contains(d) && !mentionsName(expression, d)) continue;
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
        inputNames.put(v, names.fresh(Names.toAscii(v)));
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
        String a = Names.toAscii(raw);
        StringBuilder sb = new StringBuilder();
        a.codePoints().forEach(cp -> sb.append(cp < 128 && (Character.isLetterOrDigit(cp) || cp == '_') ? (char) cp : '_'));
        if (sb.length() == 0 || Character.isDigit(sb.charAt(0))) sb.insert(0, 'v');
        return sb.toString();
    }

    // ---------------------------------------------------------------- the DAG, one step per node

    private String lower(Expr original) {
        return node(stable.rewrite(original));
    }

    private String node(Expr e) {
        String known = done.get(e);
        if (known != null) return known;
        String name = e.accept(new Visit());
        done.put(e, name);
        return name;
    }

    private String step(Expr e, Program.Op op, List<String> args) {
        String def = namedBodies.get(e);
        String name;
        if (def != null) {
            name = names.fresh(identifier(def));
            usedDefinitions.add(def);
        } else {
            name = names.temp();
        }
        steps.add(new Program.Step(name, op, List.copyOf(args), e.shape(), e));
        return name;
    }

    private List<String> all(List<Expr> es) {
        List<String> out = new ArrayList<>();
        for (Expr e : es) out.add(node(e));
        return out;
    }

    private final class Visit implements Expr.Visitor<String> {
        @Override
        public String var(Expr.Var e) {
            switch (e.kind()) {
                case SIZE:
                    return step(e, new Program.Op.Size(Dim.sym(e.name())), List.of());
                case USER: {
                    Expr body = definitions.get(e.name());
                    if (body != null) return node(stable.rewrite(body));
                    String n = inputNames.get(e.name());
                    if (n == null) throw new IllegalStateException("no input for " + e.name());
                    return n;
                }
                default:
                    throw MatcalcException.general("code generation cannot compute " + e.name() + " (the engine's "
                            + e.kind().name().toLowerCase(java.util.Locale.ROOT) + ")");
            }
        }

        @Override public String num(Expr.Num e) { return step(e, new Program.Op.Const(e.value()), List.of()); }
        @Override public String ones(Expr.Ones e) { return step(e, new Program.Op.Ones(e.shape().rows()), List.of()); }
        @Override public String identity(Expr.Identity e) { return step(e, new Program.Op.Eye(e.shape().rows()), List.of()); }
        @Override public String zero(Expr.Zero e) { return step(e, new Program.Op.Zeros(), List.of()); }
        @Override public String commutation(Expr.Commutation e) {
            return step(e, new Program.Op.Commutation(e.m(), e.n()), List.of());
        }
        @Override public String add(Expr.Add e) { return step(e, new Program.Op.Add(), all(e.terms())); }

        @Override
        public String mul(Expr.Mul e) {
            List<Expr> chain = solving(e.chain());
            // inv(A) B itself: the solve is the product
            if (e.coef() == 1 && e.scalars().isEmpty() && chain.size() == 1 && chain.get(0).equals(e)) return done.get(e);
            List<String> args = all(e.scalars());
            args.addAll(all(chain));
            return step(e, new Program.Op.Product(e.coef(), e.scalars().size()), args);
        }

        /**
         * The chain with its first inverse that multiplies something on its right, inv(A) B ⋯, written
         * as solve(A, B ⋯): a linear solve is cheaper and more accurate than forming A⁻¹.
         */
        private List<Expr> solving(List<Expr> chain) {
            for (int i = 0; i < chain.size() - 1; i++) {
                if (chain.get(i) instanceof Expr.Apply inv && inv.fn() == matcalc.core.Fn.INV) {
                    Expr rest = Exprs.mul(chain.subList(i + 1, chain.size()));
                    Expr solved = Exprs.mul(inv, rest);
                    String name = done.get(solved);
                    if (name == null) {
                        name = step(solved, new Program.Op.Solve(), List.of(node(inv.arg()), node(rest)));
                        done.put(solved, name);
                    }
                    List<Expr> out = new ArrayList<>(chain.subList(0, i));
                    out.add(solved);
                    return out;
                }
            }
            return chain;
        }

        @Override public String hadamard(Expr.Hadamard e) { return step(e, new Program.Op.Hadamard(), all(e.factors())); }
        @Override public String transpose(Expr.Transpose e) { return step(e, new Program.Op.Transpose(), List.of(node(e.arg()))); }

        @Override
        public String power(Expr.Power e) {
            if (e.exponent() instanceof Expr.Num n) {
                return step(e, new Program.Op.Power(n.value()), List.of(node(e.base())));
            }
            return step(e, new Program.Op.Power(null), List.of(node(e.base()), node(e.exponent())));
        }

        @Override public String apply(Expr.Apply e) { return step(e, new Program.Op.Call(e.fn()), List.of(node(e.arg()))); }
        @Override public String kron(Expr.Kron e) { return step(e, new Program.Op.Kron(), List.of(node(e.left()), node(e.right()))); }

        @Override
        public String userFn(Expr.UserFn e) {
            throw MatcalcException.general(e.name() + " has no formula (an undeclared function, or one with only a "
                    + "stated derivative), so " + TextPrinter.unicode().print(e) + " cannot be computed; define it ("
                    + e.name() + "(u) = …) to generate code");
        }
    }
}
