package matcalc.rewrite;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import matcalc.core.Dim;
import matcalc.core.Expr;
import matcalc.core.Exprs;
import matcalc.shape.Rules;
import matcalc.syntax.Diagnostic;
import matcalc.syntax.MatcalcException;
import matcalc.syntax.Parsing;
import matcalc.syntax.RuleText;
import matcalc.syntax.Source;
import matcalc.syntax.Suggest;

/**
 * The rules of one or more rule files, validated at load: unique names, both sides of the same
 * shape, every variable and dimension of the right side bound by the left, known conditions.
 * Problems are reported as file:line:col with a caret.
 */
public final class RuleSet {
    /** Words a condition may use: `if ?A symmetric`, `if ?β constant`, `if simpler`. */
    public static final List<String> PROPERTIES =
            List.of("symmetric", "spd", "diagonal", "orthogonal", "square", "vector", "row", "scalar", "matrix", "constant");

    private final List<Rule> rules = new ArrayList<>();
    private final Map<Class<?>, List<Rule>> byHead = new HashMap<>();

    public List<Rule> rules() {
        return rules;
    }

    /** The rules whose left side has the same node type at its head as e. */
    public List<Rule> candidates(Expr e) {
        return byHead.getOrDefault(e.getClass(), List.of());
    }

    public Rule byName(String name) {
        return rules.stream().filter(r -> r.name().equals(name)).findFirst().orElse(null);
    }

    /** The rules shipped in the jar (the project's rules/ folder): derivatives and simplification. */
    public static RuleSet builtIn(String... files) {
        RuleSet set = new RuleSet();
        // loaded once per process (class initialisers): never cut short by the first caller's deadline
        matcalc.syntax.Deadline.outside(() -> {
            for (String f : files) {
                Source source = new Source("rules/" + f, resource("rules/" + f));
                // the compiled form made at build time (CompiledRules), if it was made from this very
                // text: the same rules without parsing and checking them again; the text otherwise
                byte[] compiled = bytes("rules/" + f + CompiledRules.SUFFIX);
                List<Rule> ready = compiled == null ? null : CompiledRules.read(compiled, source);
                if (ready == null || !set.addAll(ready)) set.load(source);
            }
            return set;
        });
        return set;
    }

    private static String resource(String path) {
        byte[] bytes = bytes(path);
        if (bytes == null) throw new IllegalStateException("missing resource " + path);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** A resource's bytes, or null if there is none. */
    private static byte[] bytes(String path) {
        byte[] own = ownResource(path);
        if (own != null) return own;
        try (InputStream in = RuleSet.class.getClassLoader().getResourceAsStream(path)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + path, e);
        }
    }

    /**
     * The resource in the jar or classes folder this class comes from, or null if it is not there
     * or that place cannot be read (then the class loader looks, as before). Read directly because
     * ClassLoader.getResourceAsStream asks the JDK's own loaders first, and for a name outside any
     * package they look through every module of the JDK: about 10 ms of a cold start for the six
     * rule files, against 2 ms from the jar, whose index the JVM has already read (ZipFile shares it).
     */
    static byte[] ownResource(String path) {
        try {
            java.security.CodeSource code = RuleSet.class.getProtectionDomain().getCodeSource();
            if (code == null || code.getLocation() == null) return null;
            java.nio.file.Path where = java.nio.file.Path.of(code.getLocation().toURI());
            if (java.nio.file.Files.isDirectory(where)) {
                java.nio.file.Path file = where.resolve(path);
                return java.nio.file.Files.isRegularFile(file) ? java.nio.file.Files.readAllBytes(file) : null;
            }
            try (java.util.zip.ZipFile jar = new java.util.zip.ZipFile(where.toFile())) {
                java.util.zip.ZipEntry entry = jar.getEntry(path);
                if (entry == null) return null;
                try (InputStream in = jar.getInputStream(entry)) {
                    return in.readAllBytes();
                }
            }
        } catch (IOException | java.net.URISyntaxException | RuntimeException e) {
            return null;   // a location that is no file (a jar in a jar, another file system): the class loader's way
        }
    }

    /**
     * Adds rules already checked (a compiled form), unless a name is taken: then adds none and
     * answers false, and the caller loads the text, which reports the clash as parsing does.
     */
    private boolean addAll(List<Rule> ready) {
        Set<String> names = new HashSet<>();
        for (Rule r : ready) {
            if (!names.add(r.name()) || byName(r.name()) != null) return false;
        }
        for (Rule r : ready) {
            rules.add(r);
            byHead.computeIfAbsent(r.lhs().getClass(), k -> new ArrayList<>()).add(r);
        }
        return true;
    }

    /**
     * Whether two lists hold the same rules, in the same order: names, both sides (node for node,
     * shapes included), conditions and spans (source name and text, offsets).
     */
    static boolean sameRules(List<Rule> a, List<Rule> b) {
        return a != null && b != null && a.equals(b);
    }

    /** Parses, checks and adds every rule of a rule file. */
    public RuleSet load(Source source) {
        for (RuleText text : Parsing.ruleFile(source)) add(text);
        return this;
    }

    private void add(RuleText text) {
        if (byName(text.name()) != null) {
            throw new MatcalcException(text.nameSpan(), "a rule named " + text.name() + " already exists ("
                    + byName(text.name()).origin() + ")");
        }
        Rules.Sides sides = Rules.check(text);
        Expr lhs = sides.lhs();
        Expr rhs = sides.rhs();
        if (Exprs.isPattern(lhs)) {
            throw new MatcalcException(text.span(), "the left side is a bare pattern variable: it would match everything");
        }
        Set<String> lhsVars = new HashSet<>();
        Set<String> lhsDims = new HashSet<>();
        collect(lhs, lhsVars, lhsDims);
        Set<String> rhsVars = new HashSet<>();
        Set<String> rhsDims = new HashSet<>();
        collect(rhs, rhsVars, rhsDims);
        rhsVars.removeAll(lhsVars);
        if (!rhsVars.isEmpty()) {
            throw new MatcalcException(text.rhs().span(), "the right side uses " + String.join(", ", rhsVars)
                    + ", which the left side does not bind");
        }
        rhsDims.removeAll(lhsDims);
        if (!rhsDims.isEmpty()) {
            throw new MatcalcException(text.rhs().span(), "the right side has a size the left side does not fix ("
                    + String.join(", ", rhsDims) + "); tie it to a pattern variable");
        }
        for (RuleText.Condition c : text.conditions()) {
            if (c.variable() == null) {
                if (!c.word().equals("simpler")) {
                    throw new MatcalcException(c.span(), "unknown condition '" + c.word() + "': expected `simpler` or `?x property`");
                }
            } else {
                if (!lhsVars.contains(c.variable())) {
                    throw new MatcalcException(c.span(), c.variable() + " does not appear on the left side");
                }
                if (!PROPERTIES.contains(c.word())) {
                    String near = Suggest.closest(c.word(), PROPERTIES).map(s -> ": did you mean " + s + "?").orElse("");
                    throw new MatcalcException(Diagnostic.at(c.span(), "unknown property '" + c.word() + "'" + near)
                            .withNote("properties: " + String.join(", ", PROPERTIES)));
                }
            }
        }
        Rule rule = new Rule(text.name(), lhs, rhs, text.conditions(), text.span());
        rules.add(rule);
        byHead.computeIfAbsent(lhs.getClass(), k -> new ArrayList<>()).add(rule);
    }

    private static void collect(Expr e, Set<String> vars, Set<String> dims) {
        if (Exprs.isPattern(e)) vars.add(((Expr.Var) e).name());
        if (Exprs.isPatternFn(e)) vars.add(((Expr.UserFn) e).name());
        for (Dim d : List.of(e.shape().rows(), e.shape().cols())) {
            if (d instanceof Dim.Sym s && (e instanceof Expr.Ones || e instanceof Expr.Identity
                    || e instanceof Expr.Zero || Exprs.isPattern(e))) {
                dims.add(s.name());
            }
        }
        if (e instanceof Expr.Commutation k) {
            for (Dim d : List.of(k.m(), k.n())) if (d instanceof Dim.Sym s) dims.add(s.name());
        }
        for (Expr c : e.children()) collect(c, vars, dims);
    }
}
