package matcalc.repl;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import matcalc.calculus.VerifiedDerivative;
import matcalc.present.DerivativesView;
import matcalc.present.EvalView;
import matcalc.present.TextRenderer;
import matcalc.present.Views;
import matcalc.core.Expr;
import matcalc.core.Shape;
import matcalc.numeric.Admissible;
import matcalc.numeric.Evaluator;
import matcalc.numeric.Point;
import matcalc.numeric.Values;
import matcalc.shape.Context;
import matcalc.syntax.Diagnostic;
import matcalc.syntax.MatcalcException;
import matcalc.syntax.Source;
import matcalc.syntax.Span;
import matcalc.syntax.Names;
import org.ejml.data.DMatrixRMaj;

/** Values and evaluation: :set, :load and :eval. Values are checked against the shapes when they are given. */
final class Evaluation {
    private Evaluation() {}

    private static final Pattern SET = Pattern.compile("^([^=\\s]+)\\s*=\\s*(.+)$", Pattern.DOTALL);

    /** :set x = [1, 2]; :set alone lists the values. */
    static String set(ReplState s, String arg) {
        if (arg.isBlank()) return list(s);
        Matcher m = SET.matcher(arg.strip());
        if (!m.matches()) {
            throw MatcalcException.general(":set NAME = VALUE, like :set x = [1, 2] (a vector), :set W = [[1, 2], [3, 4]] "
                    + "(rows of a matrix) or :set alpha = 0.5");
        }
        String name = Names.canonical(m.group(1));
        requireName(m.group(1));
        String value = m.group(2).strip();
        requireJson(value);
        Point given = Point.parse(":set " + m.group(1), "{\"" + name + "\": " + value + "}");
        accept(s, given);
        return name + " = " + shown(s.values.get(name));
    }

    /**
     * :set "x = 4 or :set x) = 4: what stands before '=' must read as one name (a quote in it
     * was dropped from the value's name and not from the reply's, an internal error).
     */
    private static void requireName(String raw) {
        boolean name;
        try {
            name = matcalc.syntax.Parsing.expression(new Source("name", raw)) instanceof matcalc.syntax.Node.Name;
        } catch (MatcalcException e) {
            name = false;
        }
        if (!name) throw MatcalcException.general("'" + raw + "' is not a variable name, so it cannot be given a value");
    }

    /** A value that is not JSON gets a caret under the place where reading it failed. */
    private static void requireJson(String value) {
        // NaN and Infinity are read here, to be refused by Point with the entry they are in
        ObjectMapper json = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
        try (JsonParser p = json.getFactory().createParser(value)) {
            json.readTree(p);
            if (p.nextToken() != null) throw notAValue(value, p.currentTokenLocation(), "something follows the value");
        } catch (JsonProcessingException e) {
            String reason = e.getOriginalMessage().replaceAll("\\s*\\((for|start marker)[^)]*\\)?.*", "")
                    .replaceAll(": was expecting.*", "").replaceAll("\\s*at \\[Source.*", "");
            int nl = reason.indexOf('\n');
            throw notAValue(value, e.getLocation(), nl >= 0 ? reason.substring(0, nl) : reason);
        } catch (java.io.IOException e) {
            throw MatcalcException.general("cannot read the value: " + e.getMessage());
        }
    }

    private static MatcalcException notAValue(String value, JsonLocation loc, String reason) {
        int column = loc == null ? 1 : Math.max(1, loc.getColumnNr());
        int at = Math.min(value.codePointCount(0, value.length()), column - 1);
        Span span = new Span(new Source("value", value), at, at + 1);
        return new MatcalcException(Diagnostic.at(span, "not a value: " + reason)
                .withNote("a value is a number (0.5), a flat list for a vector ([1, 2]) or a list of rows for a matrix ([[1, 2], [3, 4]])"));
    }

    /** :load point.json: every value in the file. */
    static String load(ReplState s, String file) {
        Point given = Point.load(matcalc.syntax.FileNames.path(file.strip()));
        if (given.values().isEmpty()) throw MatcalcException.general(file + " holds no values");
        accept(s, given);
        return "loaded " + String.join(", ", given.values().keySet()) + " from " + file.strip();
    }

    /**
     * Adds values after checking them against the shapes of their variables (declared, or the default
     * kind of the name) and against the values already set, so that a wrong value is reported when
     * it is given rather than at the next :eval.
     */
    private static void accept(ReplState s, Point given) {
        Map<String, Shape> shapes = new LinkedHashMap<>();
        for (String name : given.values().keySet()) {
            if (s.context.definitions().containsKey(name)) {
                throw MatcalcException.general(name + " is a named intermediate (" + name + " = "
                        + s.context.definitions().get(name).value().span().text() + "); its value comes from its definition");
            }
            Shape shape = Commands.shapeOf(s.context, name);
            // I, 𝟏 or 0x read as an expression whose variables do not include the name itself
            if (shape == null) throw MatcalcException.general("'" + name + "' is not a variable name, so it cannot be given a value");
            shapes.put(name, shape);
        }
        new Evaluator(given).sizesFrom(shapes);                 // each value against its own shape
        Point all = new Point();
        s.values.values().forEach(all::put);
        given.values().forEach(all::put);
        Map<String, Shape> allShapes = new LinkedHashMap<>();
        for (String name : all.values().keySet()) {
            if (!s.context.definitions().containsKey(name)) allShapes.put(name, Commands.shapeOf(s.context, name));
        }
        new Evaluator(all).sizesFrom(allShapes);                // and against the values already set
        Admissible.check(given, s.context.properties());        // and against the declared properties
        given.values().forEach(s.values::put);
    }

    /** :eval EXPR at the values set; :eval alone evaluates the last derivative. */
    static String eval(ReplState s, String expression) {
        if (expression.isBlank()) return evalLast(s);
        // f'(…) of a defined function f, and h'(…) stated, written out
        Context.Checked checked = matcalc.calculus.Engine.of(s.context).check(expression);
        Expr e = checked.expr();
        requireValues(s, occurring(e, checked.variables()));
        Admissible.check(s.values, s.context.properties());     // a declaration may have come after the value
        DMatrixRMaj value = Admissible.requireFinite(e, matcalc.syntax.Deadline.during("evaluating",
                () -> matcalc.plan.Plan.evaluateOnce(e, s.values, checked.variables())));
        return TextRenderer.unicode().eval(new EvalView(e, value));
    }

    private static String evalLast(ReplState s) {
        ReplState.Query q = Queries.last(s, ":eval with no expression");
        VerifiedDerivative r = q.result();
        Context.Checked checked = q.context().check("input", q.expression());
        requireValues(s, occurring(checked.expr(), checked.variables()));
        // as `matcalc diff --at` prints it
        return TextRenderer.unicode().derivatives(new DerivativesView(checked.expr(),
                java.util.List.of(Views.derivative(q.context(), r, s.values))));
    }

    /** The variables that occur in e (a context's variables include every declared one). */
    private static Map<String, Shape> occurring(Expr e, Map<String, Shape> variables) {
        java.util.Set<String> names = new java.util.HashSet<>();
        collect(e, names, new java.util.HashSet<>());
        Map<String, Shape> out = new LinkedHashMap<>();
        variables.forEach((name, shape) -> {
            if (names.contains(name)) out.put(name, shape);
        });
        return out;
    }

    private static void collect(Expr e, java.util.Set<String> names, java.util.Set<Expr> seen) {
        if (!seen.add(e)) return;
        if (e instanceof Expr.Var v) names.add(v.name());
        for (Expr c : e.children()) collect(c, names, seen);
    }

    private static void requireValues(ReplState s, Map<String, Shape> variables) {
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, Shape> v : variables.entrySet()) {
            if (!s.values.has(v.getKey())) missing.add(v.getKey() + " (" + v.getValue().describe() + ")");
        }
        if (!missing.isEmpty()) {
            String first = variables.keySet().stream().filter(n -> !s.values.has(n)).findFirst().orElseThrow();
            throw MatcalcException.general("no value for " + String.join(", ", missing) + ": set one with :set "
                    + Names.toAscii(first) + " = …, or :load a JSON file of values");
        }
    }

    private static String list(ReplState s) {
        if (s.values.values().isEmpty()) return "no values yet: :set x = [1, 2] or :load point.json";
        List<String> lines = new ArrayList<>();
        s.values.values().forEach((name, v) -> lines.add(name + " = " + shown(v)));
        return String.join("\n", lines);
    }

    /** A value on one line, as it is written: 2, [1, 2] (a vector), [[1, 2], [3, 4]] (rows). */
    private static String shown(DMatrixRMaj v) {
        if (v.numRows == 1 && v.numCols == 1) return Values.number(v.get(0, 0));
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < v.numRows; i++) {
            List<String> row = new ArrayList<>();
            for (int j = 0; j < v.numCols; j++) row.add(Values.number(v.get(i, j)));
            rows.add(v.numCols == 1 ? row.get(0) : "[" + String.join(", ", row) + "]");
        }
        return "[" + String.join(", ", rows) + "]";
    }
}
