package matcalc.shape;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import matcalc.core.Elementwise;
import matcalc.core.Expr;
import matcalc.core.Fn;
import matcalc.syntax.MatcalcException;
import matcalc.syntax.Node;
import matcalc.syntax.Statement;

/**
 * The user's elementwise functions: f(u) = u ⊙ σ(u) defines f by its body, h'(u) = 1 − h(u).^2
 * states the derivative of an opaque h. Each body is checked where it is written (with a caret):
 * it may hold its parameter u as one entry (a scalar), numbers, declared scalars, built-in
 * elementwise functions, functions defined before it and undeclared elementwise functions; not
 * itself (recursion), reductions such as sum(u) or softmax(u), matrices or vectors, nor u as a
 * matrix (uᵀ). A stated derivative may hold only u, h(u), numbers and built-in elementwise
 * functions, so that the numeric checks can solve it for h (an ODE in u). The body is then
 * type-checked with u a scalar and kept as an {@link Elementwise}.
 */
final class UserFunctions {
    private UserFunctions() {}

    /** Every function of the context by name with primes (f, h'), compiled in order. */
    static Map<String, Elementwise> compile(Context context) {
        Map<String, Elementwise> out = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(context.functions().keySet());
        for (int i = 0; i < names.size(); i++) {
            Statement.FnDef f = context.functions().get(names.get(i));
            out.put(names.get(i), compile(context, f, out, names.subList(i + 1, names.size())));
        }
        return out;
    }

    private static Elementwise compile(Context context, Statement.FnDef f, Map<String, Elementwise> before, List<String> later) {
        String name = f.name().name();
        String param = f.param().name();
        boolean stated = f.primes() > 0;
        String what = stated ? "the stated derivative " + name + "'" : "the body of " + name;
        if (Fn.isBuiltinName(param) || param.equals("I") || param.equals("ones")) {
            throw new MatcalcException(f.param().span(), param + " is a built-in name; pick another name for the parameter");
        }
        if (param.equals(name)) {
            throw new MatcalcException(f.param().span(), "the parameter cannot be named like the function " + name);
        }
        if (context.declarations().containsKey(param) || context.definitions().containsKey(param)) {
            throw new MatcalcException(f.param().span(), param + " is a variable here; name the parameter of "
                    + name + " differently (it stands for one entry of the argument)");
        }
        new Walk(context, f, what, later).check(f.body());
        if (!stated && !mentions(f.body(), param)) {
            throw new MatcalcException(f.body().span(), "the body of " + name + " does not use its parameter " + param
                    + "; a constant function c applied to x is c 𝟏: write that instead");
        }
        Context sub = new Context();
        sub.declarations().putAll(context.declarations());
        for (String b : before.keySet()) sub.functions().put(b, context.functions().get(b));
        sub.compiled = new LinkedHashMap<>(before);
        if (stated) sub.functions().put(name + "'", f);   // h(u) in the statement is h's, not an unknown name
        Statement.DeclType scalar = new Statement.DeclType(f.param().span(), null, null, List.of());
        sub.declarations().put(param, new Statement.Decl(f.param().span(), List.of(f.param()), scalar));
        Expr body = sub.check(f.body()).expr();
        if (!body.shape().isScalar()) {
            throw new MatcalcException(f.body().span(), what + " must be a scalar in " + param + ", but it is a "
                    + body.shape().describe());
        }
        Elementwise e = new Elementwise(param, body);
        Expr bad = e.notEntrywise();
        if (bad != null) {
            throw new MatcalcException(f.body().span(), what + " is not elementwise in " + param + ": " + bad
                    + " does not act on each entry alone");
        }
        return e;
    }

    /** Checks a body's surface tree, reporting at the offending node. */
    private record Walk(Context context, Statement.FnDef f, String what, List<String> later) {
        String name() {
            return f.name().name();
        }

        String param() {
            return f.param().name();
        }

        boolean stated() {
            return f.primes() > 0;
        }

        void check(Node n) {
            if (n instanceof Node.Name x) {
                name(x);
            } else if (n instanceof Node.OnesLit || n instanceof Node.Sized || n instanceof Node.Commutation) {
                throw new MatcalcException(n.span(), what + " is applied to each entry: " + n.span().text()
                        + " is a vector or matrix, and the parameter " + param() + " is one entry (a scalar)");
            } else if (n instanceof Node.Transpose t && mentions(t, param())) {
                throw new MatcalcException(n.span(), n.span().text() + " uses the parameter " + param() + " as a matrix; in an "
                        + "elementwise function " + param() + " is one entry (a scalar): leave out the transpose");
            } else if (n instanceof Node.Norm && mentions(n, param())) {
                throw new MatcalcException(n.span(), "a norm is not elementwise; for the absolute value of each entry write abs(" + param() + ")");
            } else if (n instanceof Node.Power p && mentions(p.exponent(), param())) {
                throw new MatcalcException(p.exponent().span(), "in an elementwise function the exponent cannot depend on "
                        + param() + "; write exp(… log(" + param() + "))");
            } else if (n instanceof Node.Call c) {
                call(c);
                return;
            }
            for (Node k : children(n)) check(k);
        }

        private void name(Node.Name x) {
            String v = x.name();
            if (v.equals(param())) return;
            if (stated()) {
                throw new MatcalcException(x.span(), what + " may hold only " + param() + ", " + name() + "(" + param()
                        + "), numbers and built-in elementwise functions; not " + v
                        + " (matcalc solves it for " + name() + " to check results numerically)");
            }
            if (v.equals("I") || v.equals("ones")) {
                throw new MatcalcException(x.span(), v + " is a vector or matrix; " + what
                        + " is applied to each entry, so it may use " + param() + " (one entry) and scalars only");
            }
            Statement.Decl d = context.declarations().get(v);
            if (d != null && d.type().isScalar()) return;
            if (d != null) {
                throw new MatcalcException(x.span(), v + " is a vector or matrix; " + what
                        + " is applied to each entry, so it may use " + param() + " (one entry) and scalars only");
            }
            if (context.definitions().containsKey(v)) {
                throw new MatcalcException(x.span(), v + " is a named intermediate; " + what
                        + " may use its parameter " + param() + ", declared scalars and numbers");
            }
            throw new MatcalcException(x.span(), v + " is not declared; " + what + " may use its parameter "
                    + param() + ", declared scalars (declare it: " + v + ": scalar) and numbers");
        }

        private void call(Node.Call c) {
            String callee = c.name().name();
            if (context.declarations().containsKey(callee) || context.definitions().containsKey(callee)) {
                name(c.name());   // a product written like a call: W(u)
                for (Node a : c.args()) check(a);
                return;
            }
            if (callee.equals(name())) {
                boolean ownValue = stated() && c.primes() == 0 && c.args().size() == 1 && isParam(c.args().get(0));
                if (!ownValue) {
                    throw new MatcalcException(c.span(), name() + " is defined in terms of itself (" + c.span().text()
                            + "): a function cannot call itself" + (stated() ? "; the stated derivative may use " + name()
                            + "(" + param() + ") only" : ""));
                }
                return;
            }
            String key = callee + "'".repeat(c.primes());
            if (later.contains(key) || later.contains(callee)) {
                throw new MatcalcException(c.name().span(), callee + " is defined after " + name()
                        + "; define it first (functions cannot call each other in a circle)");
            }
            Optional<Fn> fn = Fn.byName(callee);
            if (fn.isPresent() && !fn.get().elementwise() || callee.equals("dot")) {
                throw new MatcalcException(c.name().span(), callee + " is not elementwise: " + what
                        + " is applied to each entry of the argument, so it cannot hold " + callee + "(…)");
            }
            if (stated() && fn.isEmpty()) {
                throw new MatcalcException(c.name().span(), what + " may hold only " + param() + ", " + name() + "("
                        + param() + "), numbers and built-in elementwise functions; not " + callee + "(…)");
            }
            for (Node a : c.args()) check(a);
        }

        private boolean isParam(Node n) {
            while (n instanceof Node.Paren p) n = p.inner();
            return n instanceof Node.Name x && x.name().equals(param());
        }
    }

    static boolean mentions(Node n, String name) {
        if (n instanceof Node.Name x) return x.name().equals(name);
        for (Node k : children(n)) if (mentions(k, name)) return true;
        return false;
    }

    private static List<Node> children(Node n) {
        if (n instanceof Node.Paren p) return List.of(p.inner());
        if (n instanceof Node.Neg x) return List.of(x.arg());
        if (n instanceof Node.Transpose x) return List.of(x.arg());
        if (n instanceof Node.Inverse x) return List.of(x.arg());
        if (n instanceof Node.Norm x) return List.of(x.arg());
        if (n instanceof Node.Binary b) return List.of(b.left(), b.right());
        if (n instanceof Node.Power p) return List.of(p.base(), p.exponent());
        if (n instanceof Node.Call c) return c.args();
        if (n instanceof Node.PatternCall pc) return List.of(pc.arg());
        return List.of();
    }
}
