package matcalc.repl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import matcalc.calculus.Layout;
import matcalc.core.Expr;
import matcalc.core.Shape;
import matcalc.shape.Context;
import matcalc.syntax.MatcalcException;
import matcalc.syntax.Names;
import matcalc.syntax.Node;
import matcalc.syntax.Parsing;
import matcalc.syntax.Source;
import matcalc.syntax.Statement;
import matcalc.syntax.Suggest;

/**
 * One line of the REPL: a declaration, an intermediate, an assumption, a derivative query, a
 * `:command`, or an expression (whose shape is shown). Each runs against a {@link ReplState} and
 * returns what to print; bad input throws {@link MatcalcException}, which the REPL prints.
 */
final class Commands {
    private Commands() {}

    /** What a line gave: text to print (possibly empty) and whether the session ends. */
    record Outcome(String text, boolean quit) {
        static Outcome print(String text) {
            return new Outcome(text, false);
        }
    }

    /** The commands, in the order :help lists them, with their usage and what they do. */
    static final Map<String, String[]> HELP = new LinkedHashMap<>();

    static {
        HELP.put(":d", new String[] {":d W L", "the derivative of L by W (also d/dW L; d/dW,b L for several)"});
        HELP.put(":hessian", new String[] {":hessian x L", "the Hessian of a scalar L by x (:hessian x,y L: ∂/∂y of the gradient by x)"});
        HELP.put(":explicit", new String[] {":explicit [W F]", "∂vec(F)/∂vec(W) written out as a matrix (alone: the last derivative's)"});
        HELP.put(":layout", new String[] {":layout NAME", "numerator (as the slides), denominator or mixed: how derivatives are laid out"});
        HELP.put(":timeout", new String[] {":timeout SECONDS", "how long a line may run before it stops with a message (default 60)"});
        HELP.put(":steps", new String[] {":steps", "the last derivative, step by step"});
        HELP.put(":latex", new String[] {":latex", "the last derivative in LaTeX"});
        HELP.put(":check", new String[] {":check ANSWER", "is ANSWER the last derivative? (what is wrong if not)"});
        HELP.put(":set", new String[] {":set x = [1, 2]", "a value for :eval: a number, [a, b] a vector, [[a, b], [c, d]] rows of a matrix"});
        HELP.put(":load", new String[] {":load point.json", "values from a JSON file ({\"x\": [1, 2], \"W\": [[1, 2]]})"});
        HELP.put(":eval", new String[] {":eval EXPR", "the value of EXPR at those values (:eval alone: of the last derivative)"});
        HELP.put(":shape", new String[] {":shape EXPR", "the shape of EXPR"});
        HELP.put(":rules", new String[] {":rules [WORD]", "the rules (those whose name has WORD), with the file and line of each"});
        HELP.put(":save", new String[] {":save FILE", "the session's derivations as a LaTeX document"});
        HELP.put(":code", new String[] {":code numpy", "code for the last derivatives and their f: numpy, torch, jax or java "
                + "(:code numpy EXPR: EXPR and its derivatives by each of its variables)"});
        HELP.put(":help", new String[] {":help", "this list"});
        HELP.put(":quit", new String[] {":quit", "the end (Ctrl-D too)"});
    }

    private static final Pattern D_SLASH = Pattern.compile("^[d∂]\\s*/\\s*[d∂]\\s*([^\\s(]+)\\s*(.*)$", Pattern.DOTALL);
    /**
     * {@code let x: n}, {@code let h = tanh(W x)}: the command line's word for a declaration, which the
     * REPL takes as written without it. Only where a name follows and a declaration or a definition
     * comes after it, so a variable named let ({@code let = 2 x}) keeps its meaning.
     */
    private static final Pattern LET = Pattern.compile("^let\\s+(?=[^\\s:=∈;][^:=∈;]*[:=∈])");

    /** Runs one line (already stripped, not blank, not a comment) against the state. */
    static Outcome run(ReplState s, String raw) {
        String line = raw.strip();
        if (line.startsWith(":")) return command(s, line);
        line = LET.matcher(LatexEscapes.toUnicode(line)).replaceFirst("");
        Matcher d = D_SLASH.matcher(line);
        if (d.matches()) return Outcome.print(Queries.derive(s, d.group(1), d.group(2)));
        return Outcome.print(statements(s, line));
    }

    private static Outcome command(ReplState s, String line) {
        int space = firstSpace(line);
        String name = space < 0 ? line : line.substring(0, space);
        String arg = space < 0 ? "" : line.substring(space + 1).strip();
        // file names keep their backslashes; everything else may use LaTeX escapes
        if (!name.equals(":save") && !name.equals(":load")) arg = LatexEscapes.toUnicode(arg);
        switch (name) {
            case ":d":
                String[] wrtAndExpr = splitFirst(arg, ":d W L: the variable, then the expression");
                return Outcome.print(Queries.derive(s, wrtAndExpr[0], wrtAndExpr[1]));
            case ":hessian":
                String[] hessian = splitFirst(arg, ":hessian x L: the variable, then the expression");
                return Outcome.print(Queries.hessian(s, hessian[0], hessian[1]));
            case ":explicit":
                return Outcome.print(Queries.explicit(s, arg));
            case ":layout":
                if (!arg.isEmpty()) s.layout = Layout.parse(arg).forDerivation();
                return Outcome.print("layout: " + s.layout.word());
            case ":timeout":
                if (!arg.isEmpty()) s.timeout = seconds(arg);
                return Outcome.print("timeout: " + matcalc.syntax.Deadline.describe(s.timeout));
            case ":steps":
                return Outcome.print(Queries.steps(s));
            case ":latex":
                return Outcome.print(Queries.latex(s));
            case ":check":
                return Outcome.print(Queries.check(s, required(arg, ":check ANSWER: the answer to check")));
            case ":set":
                return Outcome.print(Evaluation.set(s, arg));
            case ":load":
                return Outcome.print(Evaluation.load(s, required(arg, ":load FILE: a JSON file of values")));
            case ":eval":
                return Outcome.print(Evaluation.eval(s, arg));
            case ":shape":
                return Outcome.print(shape(s, required(arg, ":shape EXPR: the expression")));
            case ":rules":
                return Outcome.print(RuleList.of(arg));
            case ":save":
                return Outcome.print(Queries.save(s, required(arg, ":save FILE: the .tex file to write")));
            case ":code":
                String[] code = arg.isEmpty() ? new String[] {"", ""} : arg.split("\\s+", 2);
                return Outcome.print(Queries.code(s, required(code[0], ":code TARGET: numpy, torch, jax or java"),
                        code.length > 1 ? code[1].strip() : ""));
            case ":help":
            case ":h":
            case ":?":
                return Outcome.print(help());
            case ":quit":
            case ":q":
            case ":exit":
                return new Outcome("", true);
            default:
                List<String> known = new ArrayList<>(HELP.keySet());
                String near = Suggest.closest(name, known).map(k -> "; did you mean " + k + "?").orElse("");
                throw MatcalcException.general("unknown command " + name + near + " (:help lists them)");
        }
    }

    /** Declarations, intermediates and assumptions are added to the context; an expression shows its shape. */
    private static String statements(ReplState s, String line) {
        List<Statement> parsed = Parsing.statements(new Source("input", line));
        if (parsed.size() == 1 && parsed.get(0) instanceof Statement.ExprStmt e) {
            Context.Checked checked = s.context.check(e.expr());
            return Printing.text(checked.expr()) + " : " + describe(checked.expr().shape());
        }
        for (Statement st : parsed) {
            if (st instanceof Statement.ExprStmt) {
                throw new MatcalcException(st.span(), "a line holds declarations, intermediates and assumptions, "
                        + "or one expression, not both");
            }
        }
        s.context.let("input", line);
        List<String> out = new ArrayList<>();
        for (Statement st : parsed) out.add(confirm(s.context, st));
        return String.join("\n", out);
    }

    /** What a statement did, in the words of the language: "W: d×n", "ŷ = softmax(W x + b): vector of length d". */
    private static String confirm(Context context, Statement st) {
        if (st instanceof Statement.Decl d) {
            List<String> parts = new ArrayList<>();
            for (Node.Name n : d.names()) {
                Shape shape = shapeOf(context, n.name());
                List<String> props = context.properties(n.name());
                parts.add(n.name() + ": " + describe(shape) + (props.isEmpty() ? "" : " " + String.join(" ", props)));
            }
            return String.join("\n", parts);
        }
        if (st instanceof Statement.Def def) {
            String name = def.name().name();
            Expr body = context.check("input", name).definitions().get(name);
            return name + " = " + def.value().span().text().strip() + ": " + describe(body.shape());
        }
        if (st instanceof Statement.FnDef f) {
            String written = f.name().name() + "'".repeat(f.primes()) + "(" + f.param().name() + ") = "
                    + f.body().span().text().strip();
            return written + (f.primes() == 0 ? ": elementwise function" : ": the derivative of " + f.name().name());
        }
        Statement.Assume a = (Statement.Assume) st;
        return "assuming " + a.span().text().replaceFirst("^assume\\s+", "");
    }

    static Shape shapeOf(Context context, String name) {
        return context.check("input", name).variables().get(Names.canonical(name));
    }

    private static String shape(ReplState s, String expression) {
        return describe(s.context.check("input", expression).expr().shape());
    }

    /** d×n; vector of length n (n×1); row vector 1×n; scalar. */
    static String describe(Shape shape) {
        if (shape.isVector()) return shape.describe() + " (" + shape + ")";
        return shape.describe();
    }

    static String help() {
        StringBuilder sb = new StringBuilder();
        sb.append("  W: d x n                 declare a variable (x, y: n   a: scalar   A: n x n symmetric)\n");
        sb.append("  ŷ = softmax(W x + b)     name an intermediate, usable in later lines\n");
        sb.append("  f(u) = u ⊙ σ(u)          define an elementwise function (u is one entry)\n");
        sb.append("  h'(u) = 1 − h(u).^2      state the derivative of an undeclared function h\n");
        sb.append("  assume sum(y) = 1        an assumption the simplifier may use\n");
        sb.append("  d/dW L                   the derivative of L (an intermediate or any expression) by W\n");
        sb.append("  EXPR                     its shape\n");
        for (String[] h : HELP.values()) {
            sb.append("  ").append(h[0]).append(" ".repeat(Math.max(1, 25 - h[0].length()))).append(h[1]).append('\n');
        }
        sb.append("ASCII works everywhere (.* ' sigmoid y_hat alpha), and so do LaTeX escapes (\\odot \\top \\alpha \\hat{y} \\mathbf{W}).\n");
        sb.append("Lines starting with # are comments. Ctrl-C stops a long computation; Ctrl-D or :quit ends the session.");
        return sb.toString();
    }

    /** ":timeout 10", ":timeout 0.5": a positive number of seconds, at most a year. */
    static java.time.Duration seconds(String arg) {
        double s;
        try {
            s = Double.parseDouble(arg.strip().replaceFirst("\\s*s$", ""));
        } catch (NumberFormatException e) {
            s = Double.NaN;
        }
        if (!(s > 0) || s > 365 * 24 * 3600.0) {
            throw MatcalcException.general(":timeout SECONDS: a positive number of seconds (at most a year), not '" + arg + "'");
        }
        return java.time.Duration.ofNanos(Math.max(1, Math.round(s * 1e9)));
    }

    static String required(String arg, String usage) {
        if (arg.isBlank()) throw MatcalcException.general("missing argument: " + usage);
        return arg;
    }

    /** "W -sum(x)" → ["W", "-sum(x)"]. */
    static String[] splitFirst(String arg, String usage) {
        String a = required(arg, usage);
        int space = firstSpace(a);
        if (space < 0) throw MatcalcException.general("missing argument: " + usage);
        return new String[] {a.substring(0, space), a.substring(space + 1).strip()};
    }

    private static int firstSpace(String s) {
        for (int i = 0; i < s.length(); i++) if (Character.isWhitespace(s.charAt(i))) return i;
        return -1;
    }
}
