package matcalc.codegen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import matcalc.Session;
import matcalc.calculus.Engine;
import matcalc.calculus.Layout;
import matcalc.calculus.VerifiedDerivative;
import matcalc.calculus.Verifier;
import matcalc.core.Expr;
import matcalc.core.Exprs;
import matcalc.numeric.Evaluator;
import matcalc.numeric.Point;
import matcalc.numeric.Sampler;
import matcalc.shape.Context;
import matcalc.syntax.MatcalcException;

/**
 * The problems of examples/slides/*.mc and examples/ml/*.mc as code generation cases: each file's
 * first expression by every declared variable it uses, and each `d/dX E` by every X asked for E,
 * with a random point inside the functions' domains that meets the assumptions. A case the code
 * generator refuses is kept aside with its reason.
 */
final class ExampleCases {
    private ExampleCases() {}

    record Problem(String id, Session session, String expression, List<String> wrts, Layout layout) {}

    static List<Path> files() throws IOException {
        List<Path> out = new ArrayList<>();
        for (String dir : List.of("examples/slides", "examples/ml")) {
            try (Stream<Path> s = Files.list(Path.of(dir))) {
                s.filter(p -> p.toString().endsWith(".mc")).sorted().forEach(out::add);
            }
        }
        return out;
    }

    /** The problems of one file, read as the REPL reads it (declarations, definitions, assumptions, queries). */
    static List<Problem> problems(Path file) throws IOException {
        Session s = new Session();
        Map<String, List<String>> queries = new LinkedHashMap<>();
        Map<String, Layout> layouts = new LinkedHashMap<>();
        Layout layout = Layout.NUMERATOR;
        String first = null;
        for (String raw : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            if (line.startsWith(":layout ")) {
                layout = Layout.parse(line.substring(8));
                continue;
            }
            if (line.matches(":code \\S+ .+")) {
                // :code TARGET EXPR: EXPR by each declared variable it uses, in the order declared
                String expr = line.split("\\s+", 3)[2];
                Set<String> used = Exprs.variableNames(s.engine().check(expr).expr());
                String key = expr + "\u0000" + layout;
                queries.computeIfAbsent(key, k -> new ArrayList<>());
                for (String v : s.context().declarations().keySet()) {
                    if (used.contains(v) && !queries.get(key).contains(v)) queries.get(key).add(v);
                }
                layouts.put(key, layout);
                continue;
            }
            if (line.startsWith(":")) continue;
            if (line.startsWith("d/d")) {
                int space = line.indexOf(' ');
                String expr = line.substring(space + 1).strip();
                String key = expr + "\u0000" + layout;
                queries.computeIfAbsent(key, k -> new ArrayList<>());
                for (String wrt : line.substring(3, space).split(",")) {
                    if (!queries.get(key).contains(wrt)) queries.get(key).add(wrt);
                }
                layouts.put(key, layout);
            } else if (line.startsWith("assume ")) {
                s.assume(line.substring(7));
            } else if (line.contains(":") || line.contains("∈") || line.matches("[\\p{L}_][\\p{L}\\p{N}_\\p{M}']*\\s*(\\(\\s*\\w+\\s*\\))?\\s*=.*")) {
                s.let(line);
            } else if (first == null) {
                first = line;
            }
        }
        String name = file.getParent().getFileName() + "/" + file.getFileName();
        List<Problem> out = new ArrayList<>();
        if (first != null) {
            Context.Checked c = s.engine().check(first);
            List<String> wrts = new ArrayList<>();
            for (String v : new java.util.TreeSet<>(Exprs.variableNames(c.expr()))) {
                if (s.context().declarations().containsKey(v)) wrts.add(v);
            }
            out.add(new Problem(name + ": " + first, s, first, wrts, Layout.NUMERATOR));
        }
        queries.forEach((key, wrts) -> {
            String expr = key.substring(0, key.indexOf('\u0000'));
            out.add(new Problem(name + ": d/d" + String.join(",", wrts) + " " + expr, s, expr, wrts, layouts.get(key)));
        });
        return out;
    }

    /** A random point for the problem where f and each derivative can be evaluated, or null. */
    static Point point(Problem p, Map<String, VerifiedDerivative> ds, Random r) {
        Engine engine = p.session().engine();
        Context.Checked checked = engine.check(p.expression()).withoutUnusedAssumptions();
        List<Expr> exprs = new ArrayList<>();
        exprs.add(checked.expr());
        for (VerifiedDerivative d : ds.values()) {
            exprs.add(d.derivative().expr());
            exprs.add(d.derivative().wrt());
        }
        Expr[] all = exprs.toArray(new Expr[0]);
        Sampler sampler = new Sampler(r).withProperties(engine.properties());
        for (int attempt = 0; attempt < 30; attempt++) {
            Map<String, Integer> sizes = sampler.sizes(Sampler.rankConstraints(all), all);
            Point point = sampler.point(sizes, attempt % 2 == 0 ? Sampler.Mode.SIGNED : Sampler.Mode.POSITIVE, all);
            Point inputs = new Point();
            point.values().forEach((k, v) -> {
                if (!checked.definitions().containsKey(k)) inputs.put(k, v);
            });
            if (Verifier.satisfy(inputs, checked.assumptions(), sizes) != null) return null;
            try {
                finite(new Evaluator(inputs).sizesFrom(checked.variables()).evaluate(checked.expr()));
                for (VerifiedDerivative d : ds.values()) finite(d.value(inputs).get(0));
                return inputs;
            } catch (MatcalcException | ArithmeticException e) {
                // outside a function's domain: draw again
            }
        }
        return null;
    }

    private static void finite(org.ejml.data.DMatrixRMaj m) {
        for (int i = 0; i < m.getNumElements(); i++) {
            if (!Double.isFinite(m.data[i])) throw new ArithmeticException("not finite");
        }
    }

    /** Whether the expression (with its definitions) uses a function whose only formula is a stated derivative. */
    static Set<String> opaqueFunctions(Engine engine, String expression) {
        Set<String> out = new LinkedHashSet<>();
        Context.Checked c = engine.check(expression);
        List<Expr> roots = new ArrayList<>(c.definitions().values());
        roots.add(c.expr());
        for (Expr e : roots) {
            Exprs.anyNode(e, n -> {
                if (n instanceof Expr.UserFn u && u.kind() == Expr.Kind.USER) out.add(u.name());
                return false;
            });
        }
        return out;
    }
}
