package matcalc.plan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import matcalc.core.Dim;
import matcalc.core.Expr;
import matcalc.core.Exprs;
import matcalc.core.Fn;
import matcalc.core.StableLog;
import matcalc.core.TextPrinter;
import matcalc.syntax.MatcalcException;
import matcalc.syntax.Names;

/**
 * An expression DAG lowered to the steps of a {@link Program}: one step per distinct node (memoised
 * by structural equality), in dependency order, named by a {@link Namer}. Two modes:
 * <ul>
 * <li>{@link #forCode}: for the emitters. Every log with a stable form is rewritten first
 * ({@link Stable}), an inverse that multiplies something is a solve, and a node equal to a named
 * intermediate's body is computed under that name.</li>
 * <li>{@link #forEvaluation}: for an evaluation {@link Plan}, step for step what
 * {@code numeric.Evaluator} computes: a log with a stable form is replaced by it where it is met
 * (as the evaluator does, so a domain error names the same sub-expression), inverses stay inverses.</li>
 * </ul>
 * Variables are inputs registered by the caller ({@link #input}); what has no formula to compute is
 * refused with a one-line reason.
 */
public final class Dag {
    private final Namer names = new Namer();
    private final Stable stable = new Stable();
    private final boolean forCode;
    private final Map<Expr, String> done = new HashMap<>();
    private final Map<Expr, String> namedBodies = new HashMap<>();
    private final Map<String, Expr> definitions;
    private final Map<String, String> inputNames = new HashMap<>();
    private final List<Program.Step> steps = new ArrayList<>();
    private final Set<String> usedDefinitions = new LinkedHashSet<>();

    private Dag(Map<String, Expr> definitions, boolean forCode) {
        this.definitions = definitions;
        this.forCode = forCode;
        definitions.forEach((name, body) -> {
            if (!(body instanceof Expr.Var) && !(body instanceof Expr.Num)) {
                namedBodies.putIfAbsent(stable.rewrite(body), name);
            }
        });
    }

    /** The emitters' lowering: stable rewrites, solves, named intermediates (definitions: name → body). */
    public static Dag forCode(Map<String, Expr> definitions) {
        return new Dag(definitions, true);
    }

    /** An evaluation plan's lowering: the evaluator's operations, one step per distinct node. */
    public static Dag forEvaluation() {
        return new Dag(Map.of(), false);
    }

    public Namer names() {
        return names;
    }

    /** Registers a variable the caller passes, under a fresh name; returns that name. */
    public String input(String matcalcName) {
        String n = names.fresh(Names.toAscii(matcalcName));
        inputNames.put(matcalcName, n);
        return n;
    }

    public boolean hasInput(String matcalcName) {
        return inputNames.containsKey(matcalcName);
    }

    /** The steps so far, in dependency order. */
    public List<Program.Step> steps() {
        return List.copyOf(steps);
    }

    /** The named intermediates some step was computed under. */
    public Set<String> usedDefinitions() {
        return usedDefinitions;
    }

    /** The name holding the value of e (an input's name, or a step's), lowering what is not lowered yet. */
    public String lower(Expr original) {
        return node(forCode ? stable.rewrite(original) : original);
    }

    /** A name usable in every target: ASCII letters, digits and _, not starting with a digit. */
    public static String identifier(String raw) {
        String a = Names.toAscii(raw);
        StringBuilder sb = new StringBuilder();
        a.codePoints().forEach(cp -> sb.append(cp < 128 && (Character.isLetterOrDigit(cp) || cp == '_') ? (char) cp : '_'));
        if (sb.length() == 0 || Character.isDigit(sb.charAt(0))) sb.insert(0, 'v');
        return sb.toString();
    }

    // ---------------------------------------------------------------- the DAG, one step per node

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
            if (e.kind() == Expr.Kind.SIZE) return step(e, new Program.Op.Size(Dim.sym(e.name())), List.of());
            if (e.kind() == Expr.Kind.USER) {
                Expr body = definitions.get(e.name());
                if (body != null) return node(stable.rewrite(body));
            }
            String n = inputNames.get(e.name());
            if (n != null) return n;
            if (e.kind() == Expr.Kind.USER) throw new IllegalStateException("no input for " + e.name());
            throw MatcalcException.general("code generation cannot compute " + e.name() + " (the engine's "
                    + e.kind().name().toLowerCase(java.util.Locale.ROOT) + ")");
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
            List<Expr> chain = forCode ? solving(e.chain()) : e.chain();
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
                if (chain.get(i) instanceof Expr.Apply inv && inv.fn() == Fn.INV) {
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

        @Override
        public String apply(Expr.Apply e) {
            if (!forCode && e.fn() == Fn.LOG) {
                Expr stableForm = StableLog.of(e.arg());
                if (stableForm != null) return node(stableForm);
            }
            return step(e, new Program.Op.Call(e.fn()), List.of(node(e.arg())));
        }

        @Override public String kron(Expr.Kron e) { return step(e, new Program.Op.Kron(), List.of(node(e.left()), node(e.right()))); }

        @Override
        public String userFn(Expr.UserFn e) {
            throw MatcalcException.general(e.name() + " has no formula (an undeclared function, or one with only a "
                    + "stated derivative), so " + TextPrinter.unicode().print(e) + " cannot be computed; define it ("
                    + e.name() + "(u) = …) to generate code");
        }
    }
}
