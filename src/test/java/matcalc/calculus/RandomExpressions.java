package matcalc.calculus;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import matcalc.core.Domain;
import matcalc.core.Fn;

/**
 * Seeded random well-shaped expressions as matcalc TEXT (read by the real parser), for
 * {@link DerivativePropertyTest}. Every built-in operation is reachable: + − and unary −, scalar
 * products and divisions, matrix-vector and matrix-matrix products, inner and outer products, dot,
 * transposes, ⊙ and ⊘, scalar ^ and elementwise .^, matrix squares, the elementwise functions, the
 * undeclared functions h, g (and h′), sum, mean, colsum, rowsum, a size as a number, softmax,
 * logsumexp, norm, diag, tr, det, logdet, inv and ⁻¹, vec, the Kronecker product of vectors and of
 * matrices (⊗, kron), the commutation matrix K_{m,n}, 𝟏 and I, and named intermediates (u1 = …).
 *
 * <p>Inputs stay inside each function's domain by construction: the generator has three sorts,
 * {@link #expr any expression}, {@link #pos an expression with positive entries} (exp, σ, softmax,
 * e ⊙ e + positive, sums, products and quotients of positives, the positive variables γ, p, q, P)
 * and {@link #spd a symmetric positive definite matrix} (S, R, I, X Xᵀ + SPD, diag of a positive
 * vector, inverses and positive multiples of SPD matrices). log, sqrt, ⊘, / and non-integer powers
 * take positive arguments; inv, det and logdet take SPD ones. The variables' values follow {@link Kind}.
 */
final class RandomExpressions {
    /** How a variable's values are drawn (the generator relies on it for domains). */
    enum Kind { SIGNED, POSITIVE, SPD }

    record Variable(String name, Sh shape, Kind kind) {}

    /** A shape over the dimensions n, m and 1. */
    record Sh(String rows, String cols) {
        static final Sh S = new Sh("1", "1");
        static final Sh N = new Sh("n", "1");
        static final Sh M = new Sh("m", "1");
        static final Sh NN = new Sh("n", "n");
        static final Sh MM = new Sh("m", "m");
        static final Sh MN = new Sh("m", "n");
        static final Sh NM = new Sh("n", "m");
        static final List<Sh> ALL = List.of(S, N, M, N.t(), M.t(), NN, MM, MN, NM);

        boolean scalar() {
            return rows.equals("1") && cols.equals("1");
        }

        boolean vector() {
            return cols.equals("1") && !rows.equals("1");
        }

        boolean row() {
            return rows.equals("1") && !cols.equals("1");
        }

        boolean square() {
            return rows.equals(cols) && !scalar();
        }

        Sh t() {
            return new Sh(cols, rows);
        }
    }

    /** S is plain n×n (drawn SPD, used anywhere); R is declared spd, so rules may treat it as symmetric. */
    static final String DECLARATIONS =
            "α, β, γ: scalar; x, y, p: n; z, q: m; A, S: n x n; C: m x m; R: m x m spd; W, P: m x n; U: n x m";
    static final List<Variable> VARIABLES = List.of(
            new Variable("α", Sh.S, Kind.SIGNED), new Variable("β", Sh.S, Kind.SIGNED),
            new Variable("γ", Sh.S, Kind.POSITIVE),
            new Variable("x", Sh.N, Kind.SIGNED), new Variable("y", Sh.N, Kind.SIGNED),
            new Variable("p", Sh.N, Kind.POSITIVE),
            new Variable("z", Sh.M, Kind.SIGNED), new Variable("q", Sh.M, Kind.POSITIVE),
            new Variable("A", Sh.NN, Kind.SIGNED), new Variable("S", Sh.NN, Kind.SPD),
            new Variable("C", Sh.MM, Kind.SIGNED), new Variable("R", Sh.MM, Kind.SPD),
            new Variable("W", Sh.MN, Kind.SIGNED), new Variable("P", Sh.MN, Kind.POSITIVE),
            new Variable("U", Sh.NM, Kind.SIGNED));
    static final int MAX_DEPTH = 6;

    /** A named intermediate: "u1 = …", usable by later ones and by the expression. */
    record Intermediate(String name, Sh shape, boolean positive, String body) {
        String statement() {
            return name + " = " + body;
        }
    }

    /** One generated problem: intermediates, the expression and its shape. */
    record Problem(List<Intermediate> intermediates, String expression, Sh shape, int depth) {}

    private final Random r;
    private final List<Intermediate> intermediates = new ArrayList<>();

    RandomExpressions(Random r) {
        this.r = r;
    }

    /** A problem of the given depth; mostly scalar-valued, sometimes a vector. */
    Problem problem(int depth) {
        intermediates.clear();
        int k = r.nextInt(4) == 0 ? 1 + r.nextInt(2) : 0;
        for (int i = 1; i <= k; i++) {
            Sh s = pick(List.of(Sh.S, Sh.N, Sh.M, Sh.N, Sh.MN));
            boolean positive = r.nextInt(3) == 0;
            int d = 1 + r.nextInt(Math.min(3, depth));
            String body = positive ? pos(s, d) : expr(s, d);
            intermediates.add(new Intermediate("u" + i, s, positive, body));
        }
        Sh shape = r.nextInt(10) < 7 ? Sh.S : pick(List.of(Sh.N, Sh.M));
        String e = shape.scalar() ? scalarTop(depth) : expr(shape, depth);
        return new Problem(List.copyOf(intermediates), e, shape, depth);
    }

    /** A scalar-valued expression whose top is one of the usual losses and reductions. */
    private String scalarTop(int depth) {
        int d = depth - 1;
        switch (r.nextInt(6)) {
            case 0: return "sum(" + expr(anyShape(), d) + ")";
            case 1: {
                Sh v = pick(List.of(Sh.N, Sh.M));
                return "-sum(" + expr(v, d) + " ⊙ log(softmax(" + expr(v, d) + ")))";
            }
            case 2: return r.nextBoolean() ? "(‖" + expr(anyShape(), d) + "‖^2)"
                    : "norm(" + expr(anyShape(), d) + ")";
            default: return expr(Sh.S, depth);
        }
    }

    // ---------------------------------------------------------------- any expression

    String expr(Sh s, int depth) {
        if (r.nextInt(4) == 0) {
            String u = intermediate(s, false);
            if (u != null) return u;
        }
        if (depth <= 0 || r.nextInt(8) == 0) return leaf(s);
        int d = depth - 1;
        while (true) {
            switch (r.nextInt(17)) {
                case 0: return "(" + expr(s, d) + " + " + expr(s, d) + ")";
                case 1: return "(" + expr(s, d) + pick(List.of(" − ", " - ")) + expr(s, d) + ")";
                case 2: return "(" + pick(List.of("−", "-")) + expr(s, d) + ")";
                case 3: return scaled(s, d);
                case 4:
                    if (s.scalar()) continue;
                    return "(" + expr(s, d) + pick(List.of(" ⊙ ", " .* ")) + expr(s, d) + ")";
                case 5:
                    if (s.scalar()) return "(" + expr(s, d) + " / " + pos(s, d) + ")";
                    return "(" + expr(s, d) + pick(List.of(" ⊘ ", " ./ ")) + pos(s, d) + ")";
                case 6: return transposeOf(expr(s.t(), d));
                case 7: return power(s, d);
                case 8: case 9: return elementwise(s, d);
                case 10: case 11: case 12: return product(s, d);
                case 13: case 14: return special(s, d);
                case 15:
                    if (s.scalar() || s.row()) continue;
                    return pick(List.of("log(", "sqrt(")) + pos(s, d) + ")";
                default: {
                    String u = intermediate(s, false);
                    if (u == null) continue;
                    return u;
                }
            }
        }
    }

    /** An expression of shape s plus a variable of that shape, which fixes the sizes a 𝟏 or I in it leaves open. */
    private String anchored(Sh s, int d) {
        String v = s.row() ? transposeOf(pick(variables(s.t(), null))) : pick(variables(s, null));
        return "(" + expr(s, d) + " + " + v + ")";
    }

    private String leaf(Sh s) {
        if (s.row()) return transposeOf(leaf(s.t()));
        int choice = r.nextInt(8);
        if (s.scalar() && choice < 2) return pick(List.of("2", "0.5", "3", "1.5", "(−2)", "(-0.75)"));
        if (s.vector() && choice == 0) return r.nextInt(4) == 0 ? "ones" : "𝟏";
        if (s.square() && choice == 0) return "I";
        return pick(variables(s, null));
    }

    private String scaled(Sh s, int d) {
        String a = expr(s, d);
        switch (r.nextInt(5)) {
            case 0: return "(" + expr(Sh.S, d) + " * " + a + ")";
            case 1: return "(" + a + " * " + expr(Sh.S, d) + ")";
            case 2: return "(" + pick(List.of("2", "0.5", "3")) + " " + a + ")";
            case 3: return "(" + a + " / " + pos(Sh.S, d) + ")";
            default: return "(" + a + " / " + pick(List.of("2", "4", "γ")) + ")";
        }
    }

    private String power(Sh s, int d) {
        if (s.scalar()) {
            switch (r.nextInt(4)) {
                case 0: return expr(s, d) + pick(List.of("^2", "^3", "²"));
                case 1: return pos(s, d) + pick(List.of("^0.5", "^-1", "^1.5", "^-2", "⁻¹"));
                case 2: return pos(s, d) + "^" + smallScalar(d);
                default: return "(" + pos(s, d) + ")^(2 tanh(" + expr(Sh.S, Math.min(d, 2)) + "))";
            }
        }
        switch (r.nextInt(s.square() ? 5 : 4)) {
            case 0: return expr(s, d) + pick(List.of(".^2", ".^3"));
            case 1: return pos(s, d) + pick(List.of(".^0.5", ".^-1", ".^-2", ".^1.5"));
            case 2: return pos(s, d) + ".^" + smallScalar(d);
            case 3: return expr(s, d) + ".^2";
            default: return expr(s, d) + "^2";   // the matrix square e e
        }
    }

    /** A scalar exponent of moderate size: a name, or (…) of something bounded. */
    private String smallScalar(int d) {
        return r.nextBoolean() ? pick(List.of("α", "β")) : "(" + pick(List.of("tanh", "sin", "σ")) + "(" + expr(Sh.S, Math.min(d, 2)) + "))";
    }

    /**
     * Elementwise functions of any argument: these, then every other one in Fn defined on all reals
     * (but sign and step, the derivatives of abs and relu), so that a function added there is drawn.
     */
    static final List<String> ELEMENTWISE = new ArrayList<>(List.of("sin", "cos", "tanh", "σ", "sigmoid", "relu", "abs",
            "exp", "h", "g", "h'"));

    static {
        for (Fn f : Fn.values()) {
            if (f.elementwise() && f.domain() == Domain.REALS && f != Fn.SIGN && f != Fn.STEP
                    && !ELEMENTWISE.contains(f.fnName())) {
                ELEMENTWISE.add(f.fnName());
            }
        }
    }

    private String elementwise(Sh s, int d) {
        String f = pick(ELEMENTWISE);
        if (f.equals("exp")) {
            // keep the exponent moderate: exp of a sum of exps overflows finite differences
            return "exp(" + pick(List.of("tanh", "sin", "cos", "σ")) + "(" + expr(s, d) + "))";
        }
        return f + "(" + expr(s, d) + ")";
    }

    /** rows×k times k×cols: matrix-vector and matrix-matrix products, inner and outer products. */
    private String product(Sh s, int d) {
        String k = pick(List.of("n", "m", "1"));
        if (s.scalar() && k.equals("1")) k = pick(List.of("n", "m"));
        if (s.scalar() && r.nextInt(4) == 0) {
            Sh v = new Sh(k, "1");
            return "dot(" + expr(v, d) + ", " + expr(v, d) + ")";
        }
        String a = expr(new Sh(s.rows(), k), d);
        String b = expr(new Sh(k, s.cols()), d);
        // "x (…)" would read as a call x(…), and "x (…)ᵀ" as (x (…))ᵀ: juxtapose only before a name
        return "(" + a + (r.nextBoolean() || b.startsWith("(") ? " * " : " ") + b + ")";
    }

    private String special(Sh s, int d) {
        if (s.scalar()) {
            switch (r.nextInt(12)) {
                case 10: return "mean(" + anchored(anyShape(), d) + ")";   // mean divides by its argument's sizes
                case 11: return "(" + expr(s, d) + " / " + pick(List.of("n", "m")) + ")";   // a size as a number
                case 8: {
                    if (r.nextInt(3) == 0) {
                        // the commutation matrix: K_{m,n} vec(an m×n) = vec(its n×m transpose)
                        return "sum(vec(" + anchored(Sh.NM, d) + ") ⊙ K_{m,n} vec(" + anchored(Sh.MN, d) + "))";
                    }
                    Sh m = pick(List.of(Sh.MN, Sh.NM, Sh.NN, Sh.N));
                    // vec's length is rows × columns: a variable beside each side fixes both (𝟏 xᵀ alone could be any)
                    return "sum(vec(" + anchored(m, d) + ") ⊙ vec(" + anchored(m, d) + "))";
                }
                case 9: {
                    // a Kronecker product of vectors or of matrices (through the commutation matrix: Adjoints.kron)
                    // each side beside a variable: sum(I ⊗ q) is n_I sum(q) for an I of any size n_I
                    String a = anchored(pick(List.of(Sh.N, Sh.M, Sh.N, Sh.M, Sh.MN, Sh.NN)), d);
                    String b = anchored(pick(List.of(Sh.N, Sh.M, Sh.N, Sh.M, Sh.NM, Sh.MM)), d);
                    return "sum(" + (r.nextBoolean() ? "(" + a + " ⊗ " + b + ")" : "kron(" + a + ", " + b + ")") + ")";
                }
                case 0: return "sum(" + expr(anyShape(), d) + ")";
                case 1: return r.nextInt(3) == 0 ? "sum(logsumexp(" + expr(pick(List.of(Sh.NM, Sh.MN, Sh.NN)), d) + "))"
                        : "logsumexp(" + expr(pick(List.of(Sh.N, Sh.M)), d) + ")";
                case 2: return r.nextBoolean() ? "norm(" + expr(anyShape(), d) + ")" : "(‖" + expr(anyShape(), d) + "‖)";
                case 3: return "tr(" + expr(pick(List.of(Sh.NN, Sh.MM)), d) + ")";
                case 4: return "det(" + spd(pick(List.of("n", "m")), d) + ")";
                case 5: return "logdet(" + spd(pick(List.of("n", "m")), d) + ")";
                case 6: return "log(" + pos(s, d) + ")";
                default: return pick(List.of("sqrt(", "log(")) + pos(s, d) + ")";
            }
        }
        if (s.vector()) {
            switch (r.nextInt(5)) {
                case 4: return "rowsum(" + expr(new Sh(s.rows(), pick(List.of("n", "m"))), d) + ")";
                case 0: return "softmax(" + expr(s, d) + ")";
                case 1: return "diag(" + expr(new Sh(s.rows(), s.rows()), d) + ")";
                case 2: return "(" + inverse(s.rows(), d) + " * " + expr(s, d) + ")";
                default: return "(" + expr(s, d) + " * " + expr(Sh.S, d) + ")";
            }
        }
        if (s.row() && r.nextInt(4) == 0) return "colsum(" + expr(new Sh(pick(List.of("n", "m")), s.cols()), d) + ")";
        if (s.row() && r.nextBoolean()) {
            // logsumexp of each column of a batch (samples as columns): a row
            return "logsumexp(" + expr(new Sh(pick(List.of("n", "m")), s.cols()), d) + ")";
        }
        if (!s.scalar() && !s.vector() && !s.row() && r.nextInt(3) == 0) {
            // softmax of each column of a batch
            return "softmax(" + expr(s, d) + ")";
        }
        if (s.square()) {
            switch (r.nextInt(3)) {
                case 0: return "diag(" + expr(new Sh(s.rows(), "1"), d) + ")";
                case 1: return inverse(s.rows(), d);
                default: return "(" + expr(s, d) + " + " + pick(List.of("I", "γ I", "2 I")) + ")";
            }
        }
        return product(s, d);
    }

    private String inverse(String dim, int d) {
        String a = spd(dim, d);
        return r.nextBoolean() ? "inv(" + a + ")" : a + "⁻¹";
    }

    // ---------------------------------------------------------------- positive entries

    /** An expression every entry of which is positive at every point. */
    String pos(Sh s, int depth) {
        if (r.nextInt(4) == 0) {
            String u = intermediate(s, true);
            if (u != null) return u;
        }
        if (depth <= 0 || r.nextInt(6) == 0) return posLeaf(s);
        int d = depth - 1;
        while (true) {
            switch (r.nextInt(13)) {
                case 0: return "exp(" + pick(List.of("tanh", "sin", "cos", "σ")) + "(" + expr(s, d) + "))";
                case 1: return pick(List.of("σ(", "sigmoid(")) + expr(s, d) + ")";
                case 2: return "exp(" + expr(s, Math.min(d, 2)) + ")";
                case 3: {
                    String e = expr(s, d);
                    return "(" + e + (s.scalar() ? " * " : " ⊙ ") + e + " + " + pos(s, d) + ")";
                }
                case 4: return "(" + pos(s, d) + " + " + pos(s, d) + ")";
                case 5: return "(" + pos(s, d) + (s.scalar() ? " * " : " ⊙ ") + pos(s, d) + ")";
                case 6: return "(" + pos(s, d) + (s.scalar() ? " / " : " ⊘ ") + pos(s, d) + ")";
                case 7: return "(" + pos(Sh.S, d) + " * " + pos(s, d) + ")";
                case 8: return "sqrt(" + pos(s, d) + ")";
                case 9: return pos(s, d) + (s.scalar() ? pick(List.of("^2", "^0.5", "^-1")) : pick(List.of(".^2", ".^0.5", ".^-1")));
                case 10:
                    if (s.vector() || (!s.scalar() && !s.row())) return "softmax(" + expr(s, d) + ")";
                    if (s.scalar()) {
                        String v = pos(pick(List.of(Sh.N, Sh.M)), d);
                        return r.nextBoolean() ? "sum(" + v + ")" : "exp(logsumexp(" + v + "))";
                    }
                    if (s.row()) return transposeOf(pos(s.t(), depth));
                    continue;
                case 11:
                    if (s.scalar()) {
                        String dim = pick(List.of("n", "m"));
                        return pick(List.of("det(", "tr(")) + spd(dim, d) + ")";
                    }
                    if (s.vector()) return "diag(" + spd(s.rows(), d) + ")";
                    continue;
                default: {
                    String u = intermediate(s, true);
                    if (u == null) continue;
                    return u;
                }
            }
        }
    }

    private String posLeaf(Sh s) {
        if (s.row()) return transposeOf(posLeaf(s.t()));
        List<String> vars = variables(s, Kind.POSITIVE);
        if (s.scalar() && r.nextBoolean()) return pick(List.of("2", "0.5", "3", "1.5"));
        if (!vars.isEmpty() && r.nextInt(3) > 0) return pick(vars);
        return "exp(" + pick(List.of("sin", "tanh", "cos")) + "(" + leaf(s) + "))";
    }

    // ---------------------------------------------------------------- SPD matrices

    /** A symmetric positive definite dim×dim matrix, well enough conditioned for inv and det. */
    String spd(String dim, int depth) {
        Sh s = new Sh(dim, dim);
        String leaf = dim.equals("n") ? "S" : "R";
        if (depth <= 0 || r.nextInt(4) == 0) return r.nextInt(5) == 0 ? "I" : leaf;
        int d = Math.min(depth - 1, 2);
        switch (r.nextInt(7)) {
            case 0: {
                String x = expr(new Sh(dim, pick(List.of("n", "m", "1"))), d);
                return "(" + x + " " + transposeOf(x) + " + " + spd(dim, d) + ")";
            }
            case 1: {
                String x = expr(new Sh(pick(List.of("n", "m")), dim), d);
                return "(" + transposeOf(x) + " * " + x + " + I)";
            }
            case 2: return "(" + spd(dim, d) + " + " + spd(dim, d) + ")";
            case 3: return "(" + pos(Sh.S, d) + " * " + spd(dim, d) + ")";
            case 4: return "diag(" + pos(new Sh(dim, "1"), d) + ")";
            case 5: return "inv(" + spd(dim, d) + ")";
            default: {
                String u = leaf;
                String x = expr(s, d);
                return "(" + u + " + " + x + " " + transposeOf(x) + ")";
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    private String intermediate(Sh s, boolean positive) {
        List<String> names = new ArrayList<>();
        for (Intermediate i : intermediates) {
            if (i.shape().equals(s) && (i.positive() || !positive)) names.add(i.name());
            if (i.shape().equals(s.t()) && s.row() && (i.positive() || !positive)) names.add(i.name() + "ᵀ");
        }
        return names.isEmpty() ? null : pick(names);
    }

    private static String transposeOf(String e) {
        return (e.endsWith("ᵀ") ? "(" + e + ")" : e) + "ᵀ";
    }

    private Sh anyShape() {
        return pick(Sh.ALL);
    }

    private List<String> variables(Sh s, Kind kind) {
        List<String> out = new ArrayList<>();
        for (Variable v : VARIABLES) if (v.shape().equals(s) && (kind == null || v.kind() == kind)) out.add(v.name());
        return out;
    }

    <T> T pick(List<T> xs) {
        return xs.get(r.nextInt(xs.size()));
    }
}
