package matcalc.shape;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import matcalc.core.Expr;
import matcalc.core.Fn;
import matcalc.syntax.MatcalcException;
import matcalc.syntax.Node;
import matcalc.syntax.Parsing;
import matcalc.syntax.Source;
import matcalc.syntax.Statement;

/**
 * What the user has said so far: declarations (W: d x n), named intermediates (ŷ = softmax(u)) and
 * assumptions (sum(y) = 1). A statement is accepted only if everything still type-checks with it,
 * so a bad line never spoils the context (the REPL relies on that). A statement that cannot touch
 * the others is checked alone ({@link #add}): a declaration of new names, an assumption about
 * declared variables only; any other statement replays all statements in a fresh {@link Checker},
 * which keeps no stale solver state. Building a context of many declarations is then linear.
 */
public final class Context {
    private final Map<String, Statement.Decl> declarations = new LinkedHashMap<>();
    private final Map<String, Statement.Def> definitions = new LinkedHashMap<>();
    private final List<Statement.Assume> assumptions = new ArrayList<>();
    /** User functions by name with primes: f (f(u) = u ⊙ σ(u)) and h' (h'(u) = 1 − h(u).^2), in order. */
    private final Map<String, Statement.FnDef> functions = new LinkedHashMap<>();
    /** While a function's body is checked: the functions before it, already compiled (not copied). */
    Map<String, matcalc.core.Elementwise> compiled;
    /**
     * Every name the definitions, assumptions and function bodies mention (variables, call heads,
     * sizes); a superset, never shrunk: a declaration of one of these could change how they read.
     */
    private final java.util.Set<String> mentioned = new java.util.HashSet<>();

    public Context copy() {
        Context c = new Context();
        c.declarations.putAll(declarations);
        c.functions.putAll(functions);
        c.definitions.putAll(definitions);
        c.assumptions.addAll(assumptions);
        c.mentioned.addAll(mentioned);
        return c;
    }

    /**
     * Parses and adds declarations, definitions or assumptions (several may be separated by ';'):
     * all of them or, if one fails, none.
     */
    public Context let(String name, String text) {
        List<Statement> statements = Parsing.statements(new Source(name, text));
        if (statements.size() == 1) {
            add(statements.get(0));   // all or nothing already, without a copy of the context
            return this;
        }
        Context trial = copy();
        for (Statement s : statements) trial.add(s);
        declarations.clear();
        declarations.putAll(trial.declarations);
        definitions.clear();
        definitions.putAll(trial.definitions);
        assumptions.clear();
        assumptions.addAll(trial.assumptions);
        functions.clear();
        functions.putAll(trial.functions);
        mentioned.addAll(trial.mentioned);
        return this;
    }

    /**
     * Adds a statement after checking that the whole context still type-checks; throws if not.
     *
     * <p>A statement that cannot change how the others check is checked alone, in a context of
     * what it reads: a declaration of names that nothing declares, defines or mentions (with sizes
     * nothing mentions), and an assumption that reads declared variables and built-in functions
     * only. Declared shapes are bound to sizes and declared symbols, which no other statement can
     * unify with anything different, so the two checks agree, messages included; any other
     * statement (a definition, a function, a redeclaration) replays the whole context.
     */
    public void add(Statement s) {
        Context alone = alone(s);
        if (alone != null) {
            new Checker(alone);   // throws with a caret on any problem
            put(s);
            return;
        }
        addReplaying(s);
    }

    /** Adds a statement after replaying the whole context with it (the check {@link #add} falls back to). */
    void addReplaying(Statement s) {
        Context trial = copy();
        trial.put(s);
        new Checker(trial);   // throws with a caret on any problem
        put(s);
    }

    /** The context in which s can be checked alone (see {@link #add}), or null when it must be checked with all. */
    private Context alone(Statement s) {
        if (!functions.isEmpty()) return null;   // a declaration could take a function's parameter name
        Context c = new Context();
        if (s instanceof Statement.Decl d) {
            for (Node.Name n : d.names()) {
                String name = n.name();
                if (Fn.isBuiltinName(name) || name.equals("ones") || !isUnused(name)) return null;
            }
            java.util.List<String> sizes = new ArrayList<>();
            if (!d.type().isScalar()) {
                sizeSymbols(d.type().rows(), sizes);
                if (d.type().cols() != null) sizeSymbols(d.type().cols(), sizes);
            }
            for (String size : sizes) if (!isUnused(size)) return null;
            c.declarations.put(d.names().get(0).name(), d);
            return c;
        }
        if (s instanceof Statement.Assume a) {
            java.util.Set<String> names = new java.util.LinkedHashSet<>();
            Mentions.collect(a.left(), names);
            Mentions.collect(a.right(), names);
            for (String name : names) {
                Statement.Decl d = declarations.get(name);
                if (d != null) {
                    c.declarations.put(name, d);
                } else if (!Fn.isBuiltinName(name) || definitions.containsKey(name)) {
                    return null;
                }
            }
            c.assumptions.add(a);
            return c;
        }
        return null;
    }

    private boolean isUnused(String name) {
        return !declarations.containsKey(name) && !definitions.containsKey(name) && !mentioned.contains(name);
    }

    private static void sizeSymbols(Statement.DimRef r, List<String> out) {
        if (r.isProduct()) {
            for (Statement.DimRef f : r.factors()) sizeSymbols(f, out);
        } else if (r.isSymbol()) {
            out.add(r.symbol());
        }
    }

    private void put(Statement s) {
        if (s instanceof Statement.Decl d) {
            for (Node.Name n : d.names()) {
                requireFreeName(n);
                if (definitions.containsKey(n.name())) {
                    throw new MatcalcException(n.span(), n.name() + " is already a named intermediate; a declaration would hide it");
                }
                if (functions.containsKey(n.name()) || functions.containsKey(n.name() + "'")) {
                    throw new MatcalcException(n.span(), n.name() + " is a function here; pick another name for the variable");
                }
                declarations.put(n.name(), d);
            }
        } else if (s instanceof Statement.Def d) {
            String name = d.name().name();
            requireFreeName(d.name());
            if (declarations.containsKey(name)) {
                throw new MatcalcException(d.name().span(), name + " is declared as a variable; pick another name for the intermediate");
            }
            if (functions.containsKey(name) || functions.containsKey(name + "'")) {
                throw new MatcalcException(d.name().span(), name + " is a function here; pick another name for the intermediate");
            }
            definitions.remove(name);
            definitions.put(name, d);
            Mentions.collect(d.value(), mentioned);
        } else if (s instanceof Statement.Assume a) {
            assumptions.add(a);
            Mentions.collect(a.left(), mentioned);
            Mentions.collect(a.right(), mentioned);
        } else if (s instanceof Statement.FnDef f) {
            putFunction(f);
            mentioned.add(f.param().name());
            Mentions.collect(f.body(), mentioned);
        } else {
            throw new MatcalcException(s.span(), "expected a declaration (W: d x n), a definition (h = ...) or an assumption (assume sum(y) = 1)");
        }
    }

    private void putFunction(Statement.FnDef f) {
        String name = f.name().name();
        String written = name + "'".repeat(f.primes());
        if (Fn.isBuiltinName(name) || name.equals("dot")) {
            throw new MatcalcException(f.name().span(), name + " is a built-in function; it cannot be redefined: pick another name");
        }
        if (name.equals(matcalc.core.Exprs.DIFFERENTIAL) || name.equals("ones") || name.equals("I")) {
            throw new MatcalcException(f.name().span(), name + " is reserved; pick another name for the function");
        }
        if (declarations.containsKey(name) || definitions.containsKey(name)) {
            throw new MatcalcException(f.name().span(), name + " is a variable here (" + (declarations.containsKey(name)
                    ? "declared" : "a named intermediate") + "); pick another name for the function");
        }
        if (f.primes() > 1) {
            throw new MatcalcException(f.name().span(), "only a first derivative can be stated (h'(u) = …), not " + written);
        }
        if (f.primes() == 1 && functions.containsKey(name)) {
            throw new MatcalcException(f.name().span(), name + " is defined by its body, so matcalc derives " + written
                    + " from it; it cannot also be stated");
        }
        if (f.primes() == 0 && functions.containsKey(name + "'")) {
            throw new MatcalcException(f.name().span(), name + "' is stated, so " + name
                    + " is an opaque function with that derivative; it cannot also be defined");
        }
        functions.remove(written);
        functions.put(written, f);
    }

    /** User functions by name with primes (f, h'), in the order they were given. */
    public Map<String, Statement.FnDef> functions() {
        return functions;
    }

    /**
     * The stated derivatives (h'(u) = 1 − h(u).^2) by the function's name (h), as scalar bodies in
     * their parameter: the engine puts them in place of h'(…) in every differential.
     */
    public Map<String, matcalc.core.Elementwise> statedDerivatives() {
        if (functions.isEmpty()) return Map.of();
        return new Checker(this).statedDerivatives();
    }

    /** The functions defined by their bodies (f(u) = u ⊙ σ(u)) by name, as scalar bodies in their parameter. */
    public Map<String, matcalc.core.Elementwise> definedFunctions() {
        if (functions.isEmpty()) return Map.of();
        Map<String, matcalc.core.Elementwise> out = new LinkedHashMap<>();
        UserFunctions.compile(this).forEach((k, e) -> {
            if (!k.endsWith("'")) out.put(k, e);
        });
        return out;
    }

    /** Built-in functions and 𝟏 keep their meaning: a variable of that name could never be used. */
    private static void requireFreeName(Node.Name n) {
        String name = n.name();
        if (Fn.isBuiltinName(name)) {
            throw new MatcalcException(n.span(), name + " is a built-in function; pick another name for the variable");
        }
        if (name.equals("ones")) {
            throw new MatcalcException(n.span(), "ones is the vector of ones (𝟏); pick another name for the variable");
        }
    }

    /** Type-checks an expression against this context and returns its core form. */
    public Checked check(Node expr) {
        return new Checker(this).check(expr);
    }

    /** Parses and checks an expression. */
    public Checked check(String sourceName, String text) {
        return check(Parsing.expression(new Source(sourceName, text)));
    }

    public Map<String, Statement.Decl> declarations() {
        return declarations;
    }

    public Map<String, Statement.Def> definitions() {
        return definitions;
    }

    public List<Statement.Assume> assumptions() {
        return assumptions;
    }

    /** Declared properties of a variable (symmetric, spd, ...). */
    public List<String> properties(String name) {
        Statement.Decl d = declarations.get(name);
        return d == null ? List.of() : d.type().properties();
    }

    /** The declared properties (symmetric, spd, diagonal, orthogonal) of every declared variable. */
    public Map<String, List<String>> properties() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String name : declarations.keySet()) out.put(name, properties(name));
        return out;
    }

    /**
     * An assumption left out of a derivation because none of its variables occurs in what is
     * derived (sum(y) = 1 for ∂sum(x)/∂x): its two sides and those variables, in order.
     */
    public record UnusedAssumption(Expr left, Expr right, List<String> variables) {
        public UnusedAssumption {
            variables = List.copyOf(variables);
        }
    }

    /**
     * The result of checking: the core expression, the core form of every named intermediate, the
     * variables (with those of the intermediates and assumptions), the assumptions in force, and
     * the ones left out because they are about variables the expression does not have.
     */
    public record Checked(Expr expr, Map<String, Expr> definitions, Map<String, matcalc.core.Shape> variables,
                          Map<Expr, Expr> assumptions, List<UnusedAssumption> unused) {

        public Checked {
            unused = List.copyOf(unused);
        }

        public Checked(Expr expr, Map<String, Expr> definitions, Map<String, matcalc.core.Shape> variables,
                       Map<Expr, Expr> assumptions) {
            this(expr, definitions, variables, assumptions, List.of());
        }

        /**
         * The same without the assumptions none of whose variables occurs in the expression (nor in
         * {@code also}, an answer): they say nothing about it, and the random points need not (and
         * often cannot) satisfy them. They are listed in {@link #unused()}. An assumption with no
         * variable at all is kept.
         */
        public Checked withoutUnusedAssumptions(Expr... also) {
            java.util.Set<String> present = new java.util.HashSet<>(matcalc.core.Exprs.variableNames(expr));
            for (Expr e : also) present.addAll(matcalc.core.Exprs.variableNames(e));
            Map<Expr, Expr> used = new LinkedHashMap<>();
            List<UnusedAssumption> left = new ArrayList<>(unused);
            assumptions.forEach((l, r) -> {
                java.util.Set<String> own = new java.util.LinkedHashSet<>(matcalc.core.Exprs.variableNames(l));
                own.addAll(matcalc.core.Exprs.variableNames(r));
                if (own.isEmpty() || own.stream().anyMatch(present::contains)) used.put(l, r);
                else left.add(new UnusedAssumption(l, r, new ArrayList<>(own)));
            });
            if (left.size() == unused.size()) return this;
            return new Checked(expr, definitions, variables, used, left);
        }

        /**
         * The same with the named intermediate {@code name} held as a variable of its own, as ∂L/∂ŷ
         * needs it: its body is replaced by the variable in the expression and in the other
         * intermediates (ŷ = softmax(h2) once h2 is a variable). Unchanged if name is not an intermediate.
         */
        public Checked withVariable(String name) {
            Expr body = definitions.get(name);
            if (body == null || body instanceof Expr.Var) return this;
            Expr v = matcalc.core.Exprs.var(name, body.shape());
            Map<String, Expr> defs = new LinkedHashMap<>();
            definitions.forEach((k, e) -> {
                if (!k.equals(name)) defs.put(k, matcalc.core.Substitution.replace(e, body, v));
            });
            Map<String, matcalc.core.Shape> vars = new TreeMap<>(variables);
            vars.put(name, body.shape());
            return new Checked(matcalc.core.Substitution.replace(expr, body, v), defs, vars, assumptions, unused);
        }
    }
}
