package matcalc.shape;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import matcalc.core.Dim;
import matcalc.core.Expr;
import matcalc.core.Exprs;
import matcalc.core.Fn;
import matcalc.core.Shape;
import matcalc.core.ShapeRule;
import matcalc.syntax.Diagnostic;
import matcalc.syntax.MatcalcException;
import matcalc.syntax.Names;
import matcalc.syntax.Node;
import matcalc.syntax.Span;
import matcalc.syntax.Statement;
import matcalc.syntax.Suggest;

/**
 * Shape inference and elaboration. Pass one walks the surface AST, gives every node a shape made of
 * dimension terms and unifies them ({@link DimSolver}), reporting the first clash at its span with
 * both shapes in the message. Pass two builds the core {@link Expr} with the solved dimensions.
 *
 * <p>Names that are not declared get a kind from their spelling: one uppercase Latin letter (with
 * digits: W1) is a matrix, one lowercase Latin letter (x, ŷ, h1) a column vector, one Greek letter a
 * scalar. Longer names must be declared or defined, so that a typo is reported, not guessed.
 */
final class Checker {
    private final Context context;
    private final DimSolver solver = new DimSolver();
    private final Map<String, ShapeT> variables = new LinkedHashMap<>();
    private final Map<String, ShapeT> definitionShapes = new HashMap<>();
    private final IdentityHashMap<Node, ShapeT> shapes = new IdentityHashMap<>();
    /** Calls that pass one read as products (W(x + b)), so that pass two reads them the same way. */
    private final IdentityHashMap<Node.Call, Boolean> productCalls = new IdentityHashMap<>();
    /** Postfix nodes read as applying to the last factor of a product (see regroup). */
    private final IdentityHashMap<Node, Node> regrouped = new IdentityHashMap<>();
    /** 1 − y, α + x, 1 ⊘ x: a scalar operand spread over every entry of a vector (not in rules). */
    private final IdentityHashMap<Node.Binary, Boolean> broadcasts = new IdentityHashMap<>();
    /** Names that stand for a declared size used as a number (B in sum(…) / B). */
    private final java.util.Set<Node.Name> sizeNames = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    private DimSolver.Resolution resolution;
    /** The named intermediate whose definition is being inferred, so that h = tanh(h) is reported as such. */
    private String defining;
    private final Map<String, Expr> builtDefinitions = new LinkedHashMap<>();
    /** The user's functions (f, and h' for a stated derivative), compiled to scalar bodies. */
    private final Map<String, matcalc.core.Elementwise> functions = new LinkedHashMap<>();

    /** A shape in dimension terms. */
    record ShapeT(int rows, int cols) {}

    /** In rule files, ?a pattern variables and the differential d(·) are allowed. */
    private final boolean ruleMode;

    Checker(Context context) {
        this(context, false);
    }

    Checker(Context context, boolean ruleMode) {
        this.context = context;
        this.ruleMode = ruleMode;
        for (Statement.Decl d : new java.util.LinkedHashSet<>(context.declarations().values())) declare(d);
        compileFunctions();
        for (Statement.Def d : context.definitions().values()) {
            defining = d.name().name();
            definitionShapes.put(d.name().name(), infer(d.value()));
            defining = null;
        }
        for (Statement.Assume a : context.assumptions()) {
            ShapeT l = infer(a.left());
            ShapeT r = infer(a.right());
            if (!unifyAt(a.span(), l.rows, r.rows) || !unifyAt(a.span(), l.cols, r.cols)) {
                throw new MatcalcException(a.span(), "the two sides of the assumption differ in shape: "
                        + phrase(a.left(), l) + " and " + phrase(a.right(), r));
            }
        }
    }

    Context.Checked check(Node expr) {
        infer(expr);
        resolution = solver.resolve();
        for (Statement.Def d : context.definitions().values()) {
            builtDefinitions.put(d.name().name(), build(d.value()));
        }
        Expr core = build(expr);
        Map<String, Shape> vars = new TreeMap<>();
        variables.forEach((name, s) -> vars.put(name, shape(s)));
        Map<Expr, Expr> assumed = new LinkedHashMap<>();
        for (Statement.Assume a : context.assumptions()) assumed.put(build(a.left()), build(a.right()));
        return new Context.Checked(core, builtDefinitions, vars, assumed);
    }

    // ---------------------------------------------------------------- declarations

    private void declare(Statement.Decl d) {
        Statement.DeclType t = d.type();
        for (Node.Name n : d.names()) {
            ShapeT s;
            if (t.isScalar()) {
                s = new ShapeT(solver.one(), solver.one());
            } else {
                int rows = dim(t.rows());
                int cols = t.cols() == null ? solver.one() : dim(t.cols());
                s = new ShapeT(rows, cols);
            }
            if (!t.properties().isEmpty() && !unifyAt(t.span(), s.rows, s.cols)) {
                throw new MatcalcException(t.span(), n.name() + " is declared " + String.join(", ", t.properties())
                        + " but is not square: " + show(s));
            }
            variables.put(n.name(), s);
        }
    }

    /** Unification outside an expression's inference (declarations, assumptions, rules), reported at {@code where}. */
    private boolean unifyAt(Span where, int a, int b) {
        try {
            return solver.unify(a, b);
        } catch (DimSolver.Undecidable u) {
            throw new MatcalcException(where, "cannot infer the sizes: " + u.getMessage() + "; declare them");
        }
    }

    private int dim(Statement.DimRef r) {
        if (r.isProduct()) return solver.product(r.factors().stream().map(this::dim).toList());
        return r.isSymbol() ? solver.rigid(r.symbol()) : solver.literal(r.size());
    }

    // ---------------------------------------------------------------- pass one: inference

    private ShapeT infer(Node n) {
        matcalc.syntax.Deadline.check("checking shapes");
        Node g = regroup(n);
        if (g != null) {
            regrouped.put(n, g);
            ShapeT s = infer(g);
            shapes.put(n, s);
            return s;
        }
        ShapeT s;
        try {
            s = inferNode(n);
        } catch (DimSolver.Undecidable u) {
            // the innermost node being inferred is the one whose shape rule asked for the equation
            throw mismatch(n, "cannot infer the sizes: " + u.getMessage() + "; declare them");
        } catch (ArithmeticException overflow) {
            // I_{99999*99999}, K_{99999,99999}, A ⊗ B of huge literal sizes: a product of sizes past an int
            throw mismatch(n, "a size here is larger than " + Integer.MAX_VALUE + ", the largest matcalc handles");
        }
        shapes.put(n, s);
        return s;
    }

    /**
     * x (y)ᵀ is x times (y)ᵀ: a postfix ᵀ, ⁻¹ or power after a product written like a call, which
     * the parser reads as applying to the call, binds to the parenthesised factor. Returns the
     * regrouped product, or null when n is not such a postfix.
     */
    private Node regroup(Node n) {
        Node operand = n instanceof Node.Transpose t ? t.arg() : n instanceof Node.Inverse i ? i.arg()
                : n instanceof Node.Power p ? p.base() : null;
        if (operand == null) return null;
        // once per node: infer asks at every level of xᵀᵀᵀ…, and each answer looked all the way down
        if (regroupAnswers.containsKey(n)) return regroupAnswers.get(n);
        Node out = regroupOnce(n, operand);
        regroupAnswers.put(n, out);
        return out;
    }

    private final IdentityHashMap<Node, Node> regroupAnswers = new IdentityHashMap<>();

    private Node regroupOnce(Node n, Node operand) {
        Node inner = regroup(operand);
        if (inner != null) operand = inner;
        if (!(operand instanceof Node.Call c) || c.args().size() != 1 || !isProductNotCall(c)) return null;
        Node paren = new Node.Paren(new Span(c.span().source(), c.name().span().end(), c.span().end()), c.args().get(0));
        Span span = new Span(n.span().source(), paren.span().start(), n.span().end());
        Node post = n instanceof Node.Transpose ? new Node.Transpose(span, paren)
                : n instanceof Node.Inverse ? new Node.Inverse(span, paren)
                : new Node.Power(span, paren, ((Node.Power) n).exponent(), ((Node.Power) n).elementwise());
        return new Node.Call(n.span(), c.name(), c.primes(), List.of(post), c.adjacent());
    }

    private ShapeT inferNode(Node n) {
        if (n instanceof Node.Paren p) return infer(p.inner());
        if (n instanceof Node.Number) return scalar();
        if (n instanceof Node.OnesLit) return new ShapeT(solver.freshDimension("n_𝟏"), solver.one());
        if (n instanceof Node.Sized z) {
            int size = sizeOf(z);
            return new ShapeT(size, z.identity() ? size : solver.one());
        }
        if (n instanceof Node.Commutation k) {
            return commutationShape(k, sizeOf(k.span(), k.m(), "K_{m,n}"), sizeOf(k.span(), k.n(), "K_{m,n}"));
        }
        if (n instanceof Node.Name name) return inferName(name);
        if (n instanceof Node.Neg neg) return infer(neg.arg());
        if (n instanceof Node.Transpose t) {
            ShapeT a = infer(t.arg());
            return new ShapeT(a.cols, a.rows);
        }
        if (n instanceof Node.Norm norm) {
            infer(norm.arg());
            return scalar();
        }
        if (n instanceof Node.Binary b) return inferBinary(b);
        if (n instanceof Node.Power p) return inferPower(p);
        if (n instanceof Node.Inverse inv) {
            ShapeT a = infer(inv.arg());
            if (isScalar(a)) return a;
            requireSquare(inv.arg(), a, "an inverse");
            return a;
        }
        if (n instanceof Node.Call c) return inferCall(c);
        if (n instanceof Node.PatternVar pv) {
            if (!ruleMode) {
                throw new MatcalcException(pv.span(), "pattern variables like " + pv.name() + " belong in rule files, not in expressions");
            }
            return variables.computeIfAbsent(pv.name(), k -> patternShape(pv.name()));
        }
        if (n instanceof Node.PatternCall pc) {
            if (!ruleMode) {
                throw new MatcalcException(pc.span(), "pattern functions like " + pc.fn().name() + " belong in rule files");
            }
            return infer(pc.arg());
        }
        throw new IllegalStateException("unknown node " + n);
    }

    /**
     * The size written in 𝟏_n or I_{m·n}: a declared dimension, a number, or a product of those. A
     * name no declaration has is refused, not taken as a new size: 𝟏_m would otherwise stand for
     * any length at all, which is what the subscript is there to rule out.
     */
    private int sizeOf(Node.Sized z) {
        return sizeOf(z.span(), z.size(), z.identity() ? "I_n" : "𝟏_n");
    }

    private int sizeOf(Span span, List<String> size, String what) {
        List<Integer> factors = new java.util.ArrayList<>();
        for (String f : size) {
            if (Character.isDigit(f.charAt(0))) {
                int k;
                try {
                    k = Integer.parseInt(f);
                } catch (NumberFormatException tooLarge) {
                    k = 0;
                }
                if (k < 1) throw new MatcalcException(span, "a size must be a whole number from 1 to " + Integer.MAX_VALUE + ", not " + f);
                factors.add(solver.literal(k));
            } else if (variables.containsKey(f) || context.definitions().containsKey(f)) {
                throw new MatcalcException(span, f + " is a variable, not a size; the size in "
                        + what + " is a dimension, such as n in x: n");
            } else if (solver.isDimensionName(f)) {
                factors.add(solver.rigid(f));
            } else {
                throw new MatcalcException(span, f + " is not a declared size; the size in "
                        + what + " is a dimension of a declaration (n in x: n) or a number");
            }
        }
        return solver.product(factors);
    }

    /** ?x: a vector; ?α: a scalar; ?A: any shape (scalar, vector or matrix). */
    private ShapeT patternShape(String name) {
        int first = Names.baseLetter(name.substring(1));
        if (Names.isGreek(first)) return scalar();
        if (Character.isUpperCase(first)) return new ShapeT(solver.fresh("r" + name), solver.fresh("c" + name));
        return new ShapeT(solver.freshDimension("n" + name), solver.one());
    }

    /** Checks both sides of a rule in one solver; they must have the same shape. */
    RuleSides checkRule(Node lhs, Node rhs, matcalc.syntax.Span where, java.util.Set<String> squareVars) {
        // a square variable is square before the left side is read: inv(?A ⊗ ?B) with ?A, ?B square
        // is square as written, where r?A·r?B = c?A·c?B alone would not decide the sizes
        for (String v : squareVars) {
            if (!v.startsWith("?") || !Character.isUpperCase(Names.baseLetter(v.substring(1)))) continue;
            ShapeT s = variables.computeIfAbsent(v, k -> patternShape(v));
            unifyAt(where, s.rows, s.cols);
        }
        ShapeT l = infer(lhs);
        for (String v : squareVars) {
            ShapeT s = variables.get(v);
            if (s != null && !unifyAt(where, s.rows, s.cols)) {
                throw new MatcalcException(where, v + " must be square for its condition, but it is " + show(s));
            }
        }
        // the dimensions the left side leaves distinct must stay distinct: a right side that only
        // type-checks for square (or otherwise tied) shapes is a rule that is wrong in general
        List<Integer> dims = new java.util.ArrayList<>();
        for (ShapeT s : variables.values()) {
            dims.add(s.rows);
            dims.add(s.cols);
        }
        List<Integer> roots = new java.util.ArrayList<>();
        List<String> names = new java.util.ArrayList<>();
        for (int d : dims) {
            roots.add(solver.find(d));
            names.add(solver.show(d));
        }
        ShapeT r = infer(rhs);
        // the sides' products of sizes agree factor by factor: Kᵀ => K is K_{m,n}ᵀ => K_{n,m}
        pairFactors(l.rows, r.rows);
        pairFactors(l.cols, r.cols);
        if (!unifyAt(where, l.rows, r.rows) || !unifyAt(where, l.cols, r.cols)) {
            throw new MatcalcException(where, "the two sides of the rule differ in shape: the left is " + show(l)
                    + ", the right is " + show(r));
        }
        for (int i = 0; i < dims.size(); i++) {
            for (int j = i + 1; j < dims.size(); j++) {
                if (!roots.get(i).equals(roots.get(j)) && solver.find(dims.get(i)) == solver.find(dims.get(j))) {
                    throw new MatcalcException(where, "the right side only has the left side's shape if "
                            + names.get(i) + " = " + names.get(j)
                            + "; a rule must hold for every shape its left side matches");
                }
            }
        }
        resolution = solver.resolve();
        return new RuleSides(build(lhs), build(rhs));
    }

    record RuleSides(Expr lhs, Expr rhs) {}

    private ShapeT scalar() {
        return new ShapeT(solver.one(), solver.one());
    }

    private boolean isScalar(ShapeT s) {
        return solver.isOne(s.rows) && solver.isOne(s.cols);
    }

    private ShapeT inferName(Node.Name n) {
        String name = n.name();
        ShapeT def = definitionShapes.get(name);
        if (def != null) return def;
        if (context.definitions().containsKey(name)) {
            if (name.equals(defining)) {
                throw new MatcalcException(n.span(), name + " is defined in terms of itself; a named intermediate"
                        + " cannot refer to itself (give the new value another name)");
            }
            throw new MatcalcException(n.span(), name + " is used before its definition");
        }
        ShapeT known = variables.get(name);
        if (known != null) return known;
        if (name.equals("I")) {
            int d = solver.freshDimension("n_I");
            return new ShapeT(d, d);
        }
        if (name.equals("ones")) return new ShapeT(solver.freshDimension("n_𝟏"), solver.one());
        if (ruleMode && name.equals("K")) {
            // in a rule file, K is the commutation matrix, its sizes inferred as I's is
            return commutationShape(n, solver.freshDimension("m?K"), solver.freshDimension("n?K"));
        }
        if (Fn.isBuiltinName(name)) {
            // x.^exp(α) reads as (x.^exp)(α): the call was written, the exponent wants parentheses
            String text = n.span().source().text();
            int after = n.span().end();
            int before = text.lastIndexOf('^', n.span().start());
            if (after < text.length() && text.charAt(after) == '(' && before >= 0
                    && text.substring(before + 1, n.span().start()).isBlank()) {
                String op = before > 0 && text.charAt(before - 1) == '.' ? ".^" : "^";
                throw new MatcalcException(n.span(), "an exponent that is a function call needs parentheses: write "
                        + op + "(" + name + "(…))");
            }
            throw new MatcalcException(n.span(), name + " is a function: write " + name + "(…)");
        }
        if (!ruleMode && solver.isDimensionName(name)) {
            // ‖X w − y‖² / m, sum(…) / B: a size used as a number, a scalar whose value is the size
            sizeNames.add(n);
            return scalar();
        }
        ShapeT s = defaultShape(n);
        variables.put(name, s);
        return s;
    }

    /** The shape a name gets from its spelling, or an "unknown name" error for longer names. */
    private ShapeT defaultShape(Node.Name n) {
        String name = n.name();
        if (!isSimpleName(name)) {
            // a name used as a value: suggest values (a function here would only be another error)
            List<String> known = new java.util.ArrayList<>(variables.keySet());
            known.addAll(context.definitions().keySet());
            Optional<String> near = Suggest.closest(name, known);
            if (near.isEmpty()) {
                for (String k : known) {
                    if (Names.toAscii(k).equals(name) || Suggest.closest(name, List.of(Names.toAscii(k))).isPresent()) {
                        near = Optional.of(k);
                        break;
                    }
                }
            }
            Diagnostic d = Diagnostic.at(n.span(), "unknown name '" + name + "'"
                    + near.map(s -> ": did you mean " + s + "?").orElse(""));
            throw new MatcalcException(d.withNote("names of more than one letter must be declared first ("
                    + name + ": n for a vector, " + name + ": d x n for a matrix, " + name + ": scalar)"));
        }
        int first = Names.baseLetter(name);
        if (Names.isGreek(first)) return scalar();
        if (first >= 'A' && first <= 'Z') {
            return new ShapeT(solver.freshDimension("m_" + name), solver.freshDimension("n_" + name));
        }
        return new ShapeT(solver.freshDimension("n_" + name), solver.one());
    }

    /** One letter (with accents), then digits, primes or an _index: x, W1, ŷ, h_2, α. */
    static boolean isSimpleName(String name) {
        String d = java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFD);
        int i = Character.charCount(d.codePointAt(0));
        while (i < d.length() && Character.getType(d.charAt(i)) == Character.NON_SPACING_MARK) i++;
        String rest = d.substring(i);
        return rest.matches("[0-9]*(_[0-9A-Za-z]+)?");
    }

    private ShapeT inferBinary(Node.Binary b) {
        ShapeT l = infer(b.left());
        ShapeT r = infer(b.right());
        switch (b.op()) {
            case ADD, SUB -> {
                if (broadcastsOverVector(b, l, r)) {
                    broadcasts.put(b, true);
                    return isScalar(l) ? r : l;
                }
                if (!solver.unify(l.rows, r.rows) || !solver.unify(l.cols, r.cols)) {
                    String hint = "";
                    Node scalarSide = isScalar(l) ? b.left() : b.right();
                    if (isScalar(l) != isScalar(r) && innerProduct(scalarSide) != null) {
                        // sᵀ s where s sᵀ was meant: the classic slip in diag(s) − s sᵀ
                        hint = "; " + text(scalarSide) + " is an inner product; for the outer product write "
                                + innerProduct(scalarSide);
                    } else if (isScalar(l) != isScalar(r)) {
                        ShapeT other = isScalar(l) ? r : l;
                        // a vector takes α 𝟏; a matrix α 𝟏 𝟏ᵀ (every entry) or α I (the diagonal)
                        hint = solver.isOne(other.cols) || solver.isOne(other.rows)
                                ? "; to add a scalar to every entry, multiply it by 𝟏 (α 𝟏)"
                                : "; for a scalar on every entry write α 𝟏 𝟏ᵀ, on the diagonal α I";
                    } else if (solver.isOne(l.cols) != solver.isOne(r.cols)) {
                        // W X + b with X a batch (samples as columns): no numpy-style broadcasting
                        Node column = solver.isOne(l.cols) ? b.left() : b.right();
                        ShapeT matrix = solver.isOne(l.cols) ? r : l;
                        if (!solver.isOne(matrix.rows) && solver.find(l.rows) == solver.find(r.rows)) {
                            hint = "; a vector is not broadcast: to add " + text(column) + " to every column write "
                                    + text(column) + " 𝟏ᵀ";
                        }
                    }
                    String what = b.op() == Node.Op.ADD
                            ? "cannot add " + named(b.left(), l) + " and " + named(b.right(), r)
                            : "cannot subtract " + named(b.right(), r) + " from " + named(b.left(), l);
                    throw mismatch(b, what + hint);
                }
                return l;
            }
            case HADAMARD, ELEMDIV -> {
                if (!ruleMode && !isScalar(l) && isNumber(b.right())) return l;     // x ⊘ 2 is x / 2
                if (!ruleMode && isNumber(b.left()) && b.op() == Node.Op.HADAMARD) return r;   // 2 ⊙ X is 2 X
                if (b.op() == Node.Op.ELEMDIV && broadcastsOverVector(b, l, r)) {
                    broadcasts.put(b, true);
                    return r;
                }
                if (!solver.unify(l.rows, r.rows) || !solver.unify(l.cols, r.cols)) {
                    String sym = b.op() == Node.Op.HADAMARD ? "⊙" : "⊘";
                    String hint = isScalar(r) && b.op() == Node.Op.ELEMDIV ? "; to divide by a scalar, write x / α"
                            : isScalar(l) && b.op() == Node.Op.ELEMDIV ? "; for α in every entry, write α 𝟏 ⊘ x"
                            : isScalar(l) || isScalar(r) ? "; to scale by a scalar, write α x" : "";
                    throw mismatch(b, sym + " needs operands of the same shape, but " + phrase(b.left(), l)
                            + " and " + phrase(b.right(), r) + hint);
                }
                return l;
            }
            case KRON -> {
                return kronShape(l, r);
            }
            case DIV -> {
                if (b.right() instanceof Node.Number n && n.value() == 0) {
                    throw new MatcalcException(b.right().span(), "division by zero");
                }
                if (!isScalar(r)) {
                    throw new MatcalcException(b.right().span(), "/ divides by a scalar, but " + phrase(b.right(), r)
                            + "; for entrywise division write ⊘ (or ./)");
                }
                return l;
            }
            default -> {
                return product(b, l, r);
            }
        }
    }

    /** The sizes m, n of each K_{m,n} (and, in rule files, of each bare K), by node. */
    private final IdentityHashMap<Node, int[]> commutations = new IdentityHashMap<>();

    /**
     * K_{m,n}: (m·n)×(m·n), factored as what it maps, vec of an m×n matrix (columns n slowest), to
     * vec of its n×m transpose (rows slowest: m), so that in a rule K vec(?X) ties K's sizes to
     * ?X's as {@link #pairFactors} ties (?B ⊗ ?A) vec(?X)'s.
     */
    private ShapeT commutationShape(Node n, int m, int k) {
        commutations.put(n, new int[] {m, k});
        return new ShapeT(factored(List.of(m, k)), factored(List.of(k, m)));
    }

    /** A ⊗ B (any shapes; a scalar side scales): (p·q)×(r·s) for A p×r and B q×s. */
    private ShapeT kronShape(ShapeT l, ShapeT r) {
        if (isScalar(l)) return r;
        if (isScalar(r)) return l;
        return new ShapeT(factored(List.of(l.rows, r.rows)), factored(List.of(l.cols, r.cols)));
    }

    /**
     * The sides of a Kronecker product and the length of vec, with their factors slowest index
     * first (A in A ⊗ B; the columns of X in vec(X)), for {@link #pairFactors}.
     */
    private final Map<Integer, List<Integer>> factorsOf = new HashMap<>();

    private int factored(List<Integer> slowFirst) {
        int p = solver.product(slowFirst);
        factorsOf.put(p, slowFirst);
        return p;
    }

    /**
     * In a rule, (?A ⊗ ?B) (?C ⊗ ?D) and (?B ⊗ ?A) vec(?X) multiply products of unknown sizes,
     * c?A·c?B = r?C·r?D, which unification alone cannot split. The identities these rules state
     * hold where the factors agree one by one, slowest index with slowest (c?A = r?C, c?B = r?D;
     * c?B = c?X, c?A = r?X), so a rule's sides are checked under that reading; the simplifier
     * fires such a rule only where its right side builds with the matched shapes (an instantiation
     * that does not fit is a {@code ShapeException}, and no match), so a product that splits
     * otherwise, 2·3 = 3·2, is left alone.
     */
    private void pairFactors(int a, int b) {
        List<Integer> fa = factorsOf.get(a);
        List<Integer> fb = factorsOf.get(b);
        if (fa == null || fb == null || fa.size() != fb.size()) return;
        for (int i = 0; i < fa.size(); i++) solver.unify(fa.get(i), fb.get(i));
    }

    /**
     * A number and a vector (column or row) whose length is known not to be 1: the number stands
     * for a vector of its value, as 1 − y means 𝟏 − y. Not for a matrix, where 1 − A could mean I − A,
     * nor for a scalar variable: x + α stays an error (α 𝟏 says what is meant).
     */
    private boolean broadcastsOverVector(Node.Binary b, ShapeT l, ShapeT r) {
        if (ruleMode || isScalar(l) == isScalar(r) || !isNumber(isScalar(l) ? b.left() : b.right())) return false;
        ShapeT v = isScalar(l) ? r : l;
        return solver.isOne(v.cols) != solver.isOne(v.rows) && solver.isNotOne(v.cols) != solver.isNotOne(v.rows);
    }

    /** A numeric literal: 2, -1, (0.5). */
    private static boolean isNumber(Node n) {
        while (n instanceof Node.Paren || n instanceof Node.Neg) {
            n = n instanceof Node.Paren p ? p.inner() : ((Node.Neg) n).arg();
        }
        return n instanceof Node.Number;
    }

    private ShapeT product(Node.Binary b, ShapeT l, ShapeT r) {
        if (isScalar(l)) return r;
        if (isScalar(r)) return l;
        if (ruleMode) pairFactors(l.cols, r.rows);
        if (!solver.unify(l.cols, r.rows)) {
            throw mismatch(b, productMessage(b.left(), l, b.right(), r));
        }
        return new ShapeT(l.rows, r.cols);
    }

    private String productMessage(Node left, ShapeT l, Node right, ShapeT r) {
        String lt = text(left);
        String rt = text(right);
        // the argument of W(x + b) comes without its parentheses
        String both = lt + " " + (right instanceof Node.Binary || right instanceof Node.Neg ? "(" + rt + ")" : rt);
        boolean rightVector = solver.isOne(r.cols);
        boolean leftRow = solver.isOne(l.rows);
        if (leftRow && rightVector) {
            return "shape mismatch: " + both + " needs two vectors of the same length, but " + lt + " is 1×"
                    + solver.show(l.cols) + " and " + rt + " has length " + solver.show(r.rows);
        }
        if (solver.isOne(l.cols)) {
            // a column vector on the left: x y, x W
            if (rightVector) {
                return "shape mismatch: " + both + " multiplies two column vectors (" + phrase(left, l) + ", "
                        + phrase(right, r) + "); for the inner product write " + operand(left, lt) + "ᵀ " + rt
                        + ", for the outer product " + lt + " " + operand(right, rt) + "ᵀ";
            }
            return "shape mismatch: " + lt + " is a column vector, so " + both + " needs " + rt
                    + " to be a row vector or a scalar, but " + phrase(right, r);
        }
        String need = rightVector ? rt + " of length " + solver.show(l.cols)
                : rt + " with " + solver.show(l.cols) + " row" + (solver.isOne(l.cols) ? "" : "s");
        return "shape mismatch: " + lt + " is " + show(l) + ", so " + both + " needs " + need + ", but "
                + phrase(right, r);
    }

    /** The text of an operand, parenthesised if a postfix ᵀ would not apply to all of it. */
    /** For uᵀ v of two vectors, the outer product "u vᵀ" as the user would write it; otherwise null. */
    private String innerProduct(Node n) {
        while (n instanceof Node.Paren p) n = p.inner();
        if (!(n instanceof Node.Binary b) || (b.op() != Node.Op.JUXTAPOSE && b.op() != Node.Op.MUL)) return null;
        if (!(b.left() instanceof Node.Transpose t)) return null;
        ShapeT u = shapes.get(t.arg());
        ShapeT v = shapes.get(b.right());
        if (u == null || v == null || !solver.isOne(u.cols) || !solver.isOne(v.cols) || isScalar(u)) return null;
        return operand(t.arg(), text(t.arg())) + " " + operand(b.right(), text(b.right())) + "ᵀ";
    }

    private static String operand(Node n, String text) {
        boolean atom = n instanceof Node.Name || n instanceof Node.Paren || n instanceof Node.Call
                || n instanceof Node.Norm || n instanceof Node.OnesLit || n instanceof Node.Sized
                || n instanceof Node.Commutation;
        return atom ? text : "(" + text + ")";
    }

    private ShapeT inferPower(Node.Power p) {
        ShapeT base = infer(p.base());
        ShapeT ex = infer(p.exponent());
        if (!isScalar(ex)) {
            String t = text(p.exponent()).replace(" ", "").replace("(", "").replace(")", "").replace("−", "-");
            String hint = p.elementwise() ? "" : t.equals("T") ? "; for the transpose write ᵀ or ^T"
                    : t.equals("-T") ? "; for the inverse transpose write ⁻ᵀ or ^-T" : "";
            throw new MatcalcException(p.exponent().span(), "an exponent must be a scalar, but "
                    + phrase(p.exponent(), ex) + hint);
        }
        if (p.elementwise() || isScalar(base)) return base;
        if (solver.isOne(base.cols) || solver.isOne(base.rows)) {
            throw new MatcalcException(p.span(), "^ is a scalar or matrix power, but " + phrase(p.base(), base)
                    + "; for an entrywise power write " + text(p.base()) + ".^"
                    + (p.exponent() instanceof Node.Number n && n.value() == Math.rint(n.value())
                            ? Long.toString((long) n.value()) : text(p.exponent())));
        }
        if (!(p.exponent() instanceof Node.Number num) || num.value() != Math.rint(num.value()) || num.value() < 1) {
            throw new MatcalcException(p.exponent().span(), "a matrix power needs a whole exponent ≥ 1 (or -1 for the inverse); for an entrywise power write .^");
        }
        requireSquare(p.base(), base, "a matrix power");
        return base;
    }

    private void requireSquare(Node n, ShapeT s, String what) {
        if (!solver.unify(s.rows, s.cols)) {
            throw new MatcalcException(n.span(), what + " needs a square matrix, but " + phrase(n, s));
        }
    }

    private ShapeT inferCall(Node.Call c) {
        String name = c.name().name();
        boolean product = isProductNotCall(c);
        productCalls.put(c, product);
        if (product) {
            if (c.args().size() != 1) {
                throw new MatcalcException(c.name().span(), name + " is a variable, not a function");
            }
            ShapeT v = inferName(c.name());
            shapes.put(c.name(), v);
            if (c.primes() % 2 == 1) v = new ShapeT(v.cols, v.rows);
            ShapeT a = infer(c.args().get(0));
            return productOf(c, v, a);
        }
        if (name.equals(Exprs.DIFFERENTIAL)) {
            if (!ruleMode) {
                throw new MatcalcException(c.name().span(), "d(…) is the differential, reserved for rule files; use another letter for a function");
            }
            arity(c, 1);
            return infer(c.args().get(0));
        }
        if (functions.containsKey(name + "'".repeat(c.primes()))) {
            arity(c, 1);
            return infer(c.args().get(0));   // elementwise: the shape of its argument
        }
        if (c.primes() == 1 && functions.containsKey(name)) {
            arity(c, 1);
            return infer(c.args().get(0));   // f' of a defined f: derived from its body by the engine
        }
        if (c.primes() > 1 && functions.containsKey(name)) {
            throw new MatcalcException(c.name().span(), name + "'".repeat(c.primes()) + " is a derivative of order "
                    + c.primes() + " of the function " + name + " you defined; only " + name + "' is known: write it out");
        }
        if (c.primes() > 1 && functions.containsKey(name + "'")) {
            throw new MatcalcException(c.name().span(), "only " + name + "' is stated; " + name + "'".repeat(c.primes())
                    + " is not known: state it in terms of " + name + " (or write it out)");
        }
        if (name.equals(Fn.KRON)) {
            arity(c, 2);
            return kronShape(infer(c.args().get(0)), infer(c.args().get(1)));
        }
        if (name.equals(Fn.MEAN)) {
            arity(c, 1);
            infer(c.args().get(0));
            return scalar();
        }
        if (name.equals(Fn.COLSUM) || name.equals(Fn.ROWSUM)) {
            arity(c, 1);
            ShapeT a = infer(c.args().get(0));
            return name.equals(Fn.COLSUM) ? new ShapeT(solver.one(), a.cols) : new ShapeT(a.rows, solver.one());
        }
        if (name.equals("dot")) {
            arity(c, 2);
            ShapeT a = infer(c.args().get(0));
            ShapeT b = infer(c.args().get(1));
            if (!solver.isOne(a.cols) || !solver.isOne(b.cols) || !solver.unify(a.rows, b.rows)) {
                throw mismatch(c, "dot needs two vectors of the same length, but " + phrase(c.args().get(0), a)
                        + " and " + phrase(c.args().get(1), b));
            }
            return scalar();
        }
        Optional<Fn> builtin = Fn.byName(name);
        if (builtin.isPresent()) {
            if (c.primes() > 0) {
                throw new MatcalcException(c.name().span(), "the derivative of " + name + " is not written " + name
                        + "'; matcalc derives built-in functions itself (matcalc diff)");
            }
            arity(c, builtin.get().arity());
            return inferBuiltin(c, builtin.get(), infer(c.args().get(0)));
        }
        if (NON_SMOOTH.containsKey(name)) throw new MatcalcException(c.name().span(), NON_SMOOTH.get(name));
        if ((!isSimpleName(name) || Character.isUpperCase(Names.baseLetter(name))) && !context.functions().containsKey(name + "'")) {
            Optional<String> near = Suggest.closest(name, Fn.callableNames());
            Diagnostic d = Diagnostic.at(c.name().span(), "unknown function '" + name + "'"
                    + near.map(s -> ": did you mean " + s + "?").orElse(""));
            throw new MatcalcException(d.withNote(
                    "an undeclared elementwise function is one lowercase or Greek letter, like h(x) or g(x)"));
        }
        arity(c, 1);
        return infer(c.args().get(0));
    }

    /** Functions people reach for that matcalc leaves out because they are not smooth, and why, and what to use. */
    private static final Map<String, String> NON_SMOOTH = Map.of(
            "max", "max is not a built-in function: it is not differentiable where two entries tie, so matcalc"
                    + " refuses it rather than pick a subgradient; use logsumexp(x) as a smooth maximum, or relu(x) for max(x, 0)",
            "min", "min is not a built-in function: it is not differentiable where two entries tie, so matcalc"
                    + " refuses it rather than pick a subgradient; use −logsumexp(−x) as a smooth minimum, or −relu(−x) for min(x, 0)",
            "argmax", "argmax is not a built-in function: it is piecewise constant, so its derivative is 0 or undefined;"
                    + " use softmax(x) as its smooth version",
            "argmin", "argmin is not a built-in function: it is piecewise constant, so its derivative is 0 or undefined;"
                    + " use softmax(−x) as its smooth version");

    /** W(x + b), x (y), or x'(y) where x is a variable: a product, not a call. */
    boolean isProductNotCall(Node.Call c) {
        String name = c.name().name();
        if (Fn.isBuiltinName(name)) return false;
        if (ruleMode && name.equals(Exprs.DIFFERENTIAL)) return false;
        if (context.functions().containsKey(name) || context.functions().containsKey(name + "'")) return false;
        if (variables.containsKey(name) || context.definitions().containsKey(name)) return true;
        if (name.equals("I") || name.equals("ones")) return true;
        int first = Names.baseLetter(name);
        if (first >= 'A' && first <= 'Z') return isSimpleName(name);
        return !c.adjacent();
    }

    private ShapeT productOf(Node.Call c, ShapeT l, ShapeT r) {
        if (isScalar(l)) return r;
        if (isScalar(r)) return l;
        if (ruleMode) pairFactors(l.cols, r.rows);
        if (!solver.unify(l.cols, r.rows)) {
            throw mismatch(c, productMessage(c.name(), l, c.args().get(0), r));
        }
        return new ShapeT(l.rows, r.cols);
    }

    /** fn(a) by fn's shape rule, run on dimension terms; what is wrong is said with the argument's text. */
    private ShapeT inferBuiltin(Node.Call c, Fn fn, ShapeT a) {
        Node arg = c.args().get(0);
        try {
            return fn.resultShape(unifying, a);
        } catch (ShapeRule.Violation v) {
            throw new MatcalcException(arg.span(),
                    v.subject() + " needs " + v.needs() + ", but " + phrase(arg, a) + v.hint());
        }
    }

    /** The shape rules' questions, answered by unification: softmax(x) makes x a column. */
    private final ShapeRule.Shapes<ShapeT> unifying = new ShapeRule.Shapes<>() {
        @Override public ShapeT scalar() { return Checker.this.scalar(); }
        @Override public boolean isScalar(ShapeT s) { return Checker.this.isScalar(s); }
        @Override public boolean isColumn(ShapeT s) { return solver.isOne(s.cols); }
        @Override public boolean isRow(ShapeT s) { return solver.isOne(s.rows); }
        @Override public boolean makeColumn(ShapeT s) { return solver.unify(s.cols, solver.one()); }
        @Override public boolean makeSquare(ShapeT s) { return solver.unify(s.rows, s.cols); }
        @Override public ShapeT square(ShapeT s) { return new ShapeT(s.rows, s.rows); }
        @Override public ShapeT column(ShapeT s) { return new ShapeT(s.rows, solver.one()); }
        @Override public ShapeT row(ShapeT s) { return new ShapeT(solver.one(), s.cols); }
        @Override public ShapeT stacked(ShapeT s) { return new ShapeT(factored(List.of(s.cols, s.rows)), solver.one()); }
        @Override public String describe(ShapeT s) { return show(s); }
    };

    private void arity(Node.Call c, int n) {
        if (c.args().size() != n) {
            throw new MatcalcException(c.span(), c.name().name() + " takes " + n + " argument" + (n == 1 ? "" : "s")
                    + ", not " + c.args().size());
        }
    }

    private MatcalcException mismatch(Node n, String message) {
        return new MatcalcException(n.span(), message);
    }

    private String text(Node n) {
        String t = n.span().text().strip();
        if (n instanceof Node.Paren && !(t.startsWith("(") && t.endsWith(")"))) t = "(" + t + ")";
        return t.length() > 30 ? "(" + t.substring(0, 27) + "…)" : t;
    }

    /** "x has length n", "W is d×n", "α is a scalar". */
    private String phrase(Node n, ShapeT s) {
        String t = text(n);
        if (isScalar(s)) return t + " is a scalar";
        if (solver.isOne(s.cols)) return t + " has length " + solver.show(s.rows);
        return t + " is " + show(s);
    }

    /** "x (a vector of length n)", "W (d×n)". */
    private String named(Node n, ShapeT s) {
        String what = isScalar(s) ? "a scalar" : solver.isOne(s.cols) ? "a vector of length " + solver.show(s.rows) : show(s);
        return text(n) + " (" + what + ")";
    }

    private String show(ShapeT s) {
        if (isScalar(s)) return "a scalar";
        return solver.show(s.rows) + "×" + solver.show(s.cols);
    }

    // ---------------------------------------------------------------- pass two: elaboration

    private Shape shape(ShapeT s) {
        return new Shape(resolution.dim(s.rows), resolution.dim(s.cols));
    }

    private Expr build(Node n) {
        matcalc.syntax.Deadline.check("checking shapes");
        Node g = regrouped.get(n);
        if (g != null) return build(g);
        if (n instanceof Node.Paren p) return build(p.inner());
        if (n instanceof Node.Number num) return Exprs.num(num.value());
        if (n instanceof Node.OnesLit) return Exprs.ones(shape(shapes.get(n)).rows());
        if (n instanceof Node.Sized z) {
            Dim size = shape(shapes.get(n)).rows();
            return z.identity() ? Exprs.identity(size) : Exprs.ones(size);
        }
        if (n instanceof Node.Commutation) return commutation(n);
        if (n instanceof Node.Name name) return buildName(name);
        if (n instanceof Node.Neg neg) return Exprs.neg(build(neg.arg()));
        if (n instanceof Node.Transpose t) return Exprs.transpose(build(t.arg()));
        if (n instanceof Node.Norm norm) return Exprs.apply(Fn.NORM, build(norm.arg()));
        if (n instanceof Node.Inverse inv) return inverse(build(inv.arg()));
        if (n instanceof Node.Power p) return buildPower(p);
        if (n instanceof Node.Binary b) return buildBinary(b);
        if (n instanceof Node.Call c) return buildCall(c);
        if (n instanceof Node.PatternVar pv) return Exprs.pattern(pv.name(), shape(variables.get(pv.name())));
        if (n instanceof Node.PatternCall pc) return Exprs.patternFn(pc.fn().name(), pc.primes(), build(pc.arg()));
        throw new IllegalStateException("unknown node " + n);
    }

    private Expr buildName(Node.Name n) {
        String name = n.name();
        if (sizeNames.contains(n)) return Exprs.size(name);
        Expr def = builtDefinitions.get(name);
        if (def != null) return def;
        ShapeT v = variables.get(name);
        if (v != null) return Exprs.var(name, shape(v));
        Shape s = shape(shapes.get(n));
        if (name.equals("I")) return Exprs.identity(s.rows());
        if (name.equals("ones")) return Exprs.ones(s.rows());
        if (commutations.containsKey(n)) return commutation(n);
        throw new IllegalStateException("unresolved name " + name);
    }

    private Expr commutation(Node n) {
        int[] mn = commutations.get(n);
        return Exprs.commutation(resolution.dim(mn[0]), resolution.dim(mn[1]));
    }

    private static Expr inverse(Expr a) {
        return a.shape().isScalar() ? Exprs.power(a, Exprs.num(-1)) : Exprs.apply(Fn.INV, a);
    }

    private Expr buildPower(Node.Power p) {
        Expr base = build(p.base());
        Expr ex = build(p.exponent());
        if (p.elementwise() || base.shape().isScalar()) return Exprs.power(base, ex);
        int k = (int) ((Node.Number) p.exponent()).value();
        Expr acc = base;
        for (int i = 1; i < k; i++) acc = Exprs.mul(acc, base);
        return acc;
    }

    private Expr buildBinary(Node.Binary b) {
        if (!broadcasts.containsKey(b) && (b.op() == Node.Op.ADD || b.op() == Node.Op.SUB)) return buildSum(b);
        if (!broadcasts.containsKey(b) && (b.op() == Node.Op.MUL || b.op() == Node.Op.JUXTAPOSE)) return buildProduct(b);
        Expr l = build(b.left());
        Expr r = build(b.right());
        if (broadcasts.containsKey(b)) {
            if (l.shape().isScalar()) l = Exprs.mul(l, Exprs.onesOf(r.shape()));
            else r = Exprs.mul(r, Exprs.onesOf(l.shape()));
        } else if (b.op() == Node.Op.HADAMARD && (l.shape().isScalar() != r.shape().isScalar())) {
            return Exprs.mul(l, r);
        } else if (b.op() == Node.Op.ELEMDIV && r.shape().isScalar() && !l.shape().isScalar()) {
            return r instanceof Expr.Num num ? Exprs.scale(1 / num.value(), l) : Exprs.mul(l, Exprs.power(r, Exprs.num(-1)));
        }
        return switch (b.op()) {
            case ADD -> Exprs.add(l, r);
            case SUB -> Exprs.sub(l, r);
            case MUL, JUXTAPOSE -> Exprs.mul(l, r);
            case DIV -> r instanceof Expr.Num num ? Exprs.scale(1 / num.value(), l) : Exprs.mul(l, Exprs.power(r, Exprs.num(-1)));
            case HADAMARD -> Exprs.hadamard(l, r);
            case ELEMDIV -> Exprs.elemDiv(l, r);
            case KRON -> Exprs.kron(l, r);
        };
    }

    /**
     * a + b − c + …, parsed as a left-nested chain, built as one sum: the factory copies a sum's
     * terms each time it adds one, so adding them one by one took time quadratic in their number.
     */
    private Expr buildSum(Node.Binary top) {
        java.util.ArrayDeque<Expr> terms = new java.util.ArrayDeque<>();
        Node n = top;
        while (n instanceof Node.Binary b && (b.op() == Node.Op.ADD || b.op() == Node.Op.SUB)
                && !broadcasts.containsKey(b) && !regrouped.containsKey(b)) {
            Expr r = build(b.right());
            terms.addFirst(b.op() == Node.Op.SUB ? Exprs.neg(r) : r);
            n = b.left();
        }
        terms.addFirst(build(n));
        return Exprs.add(new java.util.ArrayList<>(terms));
    }

    /**
     * a b c …, parsed as a left-nested chain, built as one product in one pass (as {@link #buildSum}:
     * multiplying the factors in pairwise copied the growing chain each time).
     */
    private Expr buildProduct(Node.Binary top) {
        java.util.ArrayDeque<Expr> factors = new java.util.ArrayDeque<>();
        Node n = top;
        while (n instanceof Node.Binary b && (b.op() == Node.Op.MUL || b.op() == Node.Op.JUXTAPOSE)
                && !broadcasts.containsKey(b) && !regrouped.containsKey(b)) {
            factors.addFirst(build(b.right()));
            n = b.left();
        }
        factors.addFirst(build(n));
        return Exprs.mul(new java.util.ArrayList<>(factors));
    }

    /** sum(A) / (m n): the sizes of A's shape used as numbers (a literal size as itself). */
    private static Expr mean(Expr a) {
        Expr sum = Exprs.apply(Fn.SUM, a);
        if (a.shape().isScalar()) return sum;
        return Exprs.mul(sum, Exprs.power(Exprs.count(a.shape()), Exprs.num(-1)));
    }

    private Expr buildCall(Node.Call c) {
        String name = c.name().name();
        if (productCalls.get(c)) {
            Expr v = buildName(c.name());
            for (int i = 0; i < c.primes(); i++) v = Exprs.transpose(v);
            return Exprs.mul(v, build(c.args().get(0)));
        }
        if (name.equals("dot")) return Exprs.dot(build(c.args().get(0)), build(c.args().get(1)));
        if (name.equals(Fn.MEAN)) {
            Expr a = build(c.args().get(0));
            if (Dim.checkerNamed(a.shape().rows()) || Dim.checkerNamed(a.shape().cols())) {
                // sum(x) / n_x would print a size no text can name
                throw new MatcalcException(c.span(), "mean divides by the number of entries of its argument, a "
                        + a.shape().describe() + " here, and no declaration names that size: declare the variables' "
                        + "sizes (x: n, X: n x B)");
            }
            return mean(a);
        }
        if (name.equals(Fn.COLSUM)) {
            Expr a = build(c.args().get(0));
            return Exprs.mul(Exprs.transpose(Exprs.ones(a.shape().rows())), a);
        }
        if (name.equals(Fn.ROWSUM)) {
            Expr a = build(c.args().get(0));
            return Exprs.mul(a, Exprs.ones(a.shape().cols()));
        }
        if (name.equals(Fn.KRON)) return Exprs.kron(build(c.args().get(0)), build(c.args().get(1)));
        if (name.equals(Exprs.DIFFERENTIAL)) return Exprs.differential(build(c.args().get(0)));
        Optional<Fn> fn = Fn.byName(name);
        Expr arg = build(c.args().get(0));
        matcalc.core.Elementwise defined = functions.get(name + "'".repeat(c.primes()));
        if (defined != null) return defined.lift(arg);
        if (c.primes() == 1 && functions.containsKey(name)) return Exprs.userFn(name, 1, arg);
        if (fn.isPresent()) {
            return fn.get() == Fn.INV ? inverse(arg) : Exprs.apply(fn.get(), arg);
        }
        return Exprs.userFn(name, c.primes(), arg);
    }

    private void compileFunctions() {
        if (!ruleMode) functions.putAll(context.compiled != null ? context.compiled : UserFunctions.compile(context));
    }

    /** The stated derivatives by the function's name: h for h'(u) = 1 − h(u).^2. */
    Map<String, matcalc.core.Elementwise> statedDerivatives() {
        Map<String, matcalc.core.Elementwise> out = new LinkedHashMap<>();
        functions.forEach((k, e) -> {
            if (k.endsWith("'")) out.put(k.substring(0, k.length() - 1), e);
        });
        return out;
    }
}
