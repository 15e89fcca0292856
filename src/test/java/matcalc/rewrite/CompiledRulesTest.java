package matcalc.rewrite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import matcalc.core.Expr;
import matcalc.core.ExprCodec;
import matcalc.syntax.Source;
import org.junit.jupiter.api.Test;

/**
 * The built-in rules' compiled form (made at build time, read at start instead of the text) gives
 * exactly the rules the text gives, rule by rule; and it is used only for the text it was made from.
 */
class CompiledRulesTest {

    private static Source source(String file) throws IOException {
        return new Source("rules/" + file, Files.readString(Path.of("rules", file), StandardCharsets.UTF_8));
    }

    private static byte[] built(String file) throws IOException {
        try (InputStream in = CompiledRulesTest.class.getClassLoader().getResourceAsStream("rules/" + file + CompiledRules.SUFFIX)) {
            assertNotNull(in, "the build (process-classes) should have made rules/" + file + CompiledRules.SUFFIX);
            return in.readAllBytes();
        }
    }

    private static void assertSameRules(List<Rule> expected, List<Rule> actual, String what) {
        assertNotNull(actual, what + ": no rules read");
        assertEquals(expected.size(), actual.size(), what + ": number of rules");
        for (int i = 0; i < expected.size(); i++) {
            Rule e = expected.get(i);
            Rule a = actual.get(i);
            String at = what + ", rule " + e.name();
            assertEquals(e.name(), a.name(), at);
            assertEquals(e.lhs(), a.lhs(), at + ": left side");
            assertEquals(e.rhs(), a.rhs(), at + ": right side");
            assertEquals(e.lhs().shape(), a.lhs().shape(), at + ": left side's shape");
            assertEquals(e.rhs().shape(), a.rhs().shape(), at + ": right side's shape");
            assertEquals(e.lhs().toString(), a.lhs().toString(), at);
            assertEquals(e.rhs().toString(), a.rhs().toString(), at);
            assertEquals(e.conditions(), a.conditions(), at + ": conditions");
            assertEquals(e.span(), a.span(), at + ": span");
            assertEquals(e.origin(), a.origin(), at + ": origin");
            assertEquals(e.speculative(), a.speculative(), at);
            assertEquals(e, a, at);
        }
        assertTrue(RuleSet.sameRules(expected, actual), what);
    }

    @Test
    void theCompiledFormsInTheBuildGiveTheRulesOfTheText() throws IOException {
        for (String file : RuleWalkTest.ruleFiles()) {
            Source source = source(file);
            List<Rule> parsed = new RuleSet().load(source).rules();
            assertSameRules(parsed, CompiledRules.read(built(file), source), file + " (compiled at build time)");
            // what a start uses
            assertSameRules(parsed, RuleSet.builtIn(file).rules(), file + " (RuleSet.builtIn)");
            RuleSet set = RuleSet.builtIn(file);
            for (Rule r : parsed) {
                assertTrue(set.candidates(r.lhs()).contains(r), file + ": " + r.name() + " is not a candidate for its own left side");
            }
        }
    }

    @Test
    void compilingAgainGivesTheSameBytes() throws IOException {
        for (String file : RuleWalkTest.ruleFiles()) {
            byte[] compiled = CompiledRules.compile(source(file));
            assertArrayEquals(built(file), compiled, file + ": the build's compiled form is stale or not deterministic");
        }
    }

    @Test
    void anotherTextOrNameOrFormatIsNotRead() throws IOException {
        for (String file : RuleWalkTest.ruleFiles()) {
            Source source = source(file);
            byte[] compiled = built(file);
            assertNull(CompiledRules.read(compiled, new Source(source.name(), source.text() + "\n")), file + ": one more line");
            String changed = source.text().replaceFirst("=>", "⇒ ").replaceFirst("\\?A", "?B");
            assertNull(CompiledRules.read(compiled, new Source(source.name(), changed)), file + ": a changed rule");
            assertNull(CompiledRules.read(compiled, new Source("rules/other.rules", source.text())), file + ": another name");
            // cut anywhere: no rules and no exception
            for (int cut = 0; cut < compiled.length; cut += Math.max(1, compiled.length / 97)) {
                assertNull(CompiledRules.read(Arrays.copyOf(compiled, cut), source), file + ": cut at " + cut);
            }
            byte[] longer = Arrays.copyOf(compiled, compiled.length + 1);
            assertNull(CompiledRules.read(longer, source), file + ": a byte more");
        }
    }

    @Test
    void exprCodecRoundTripsEveryNodeTypeOfTheRules() throws IOException {
        List<Expr> all = new ArrayList<>();
        for (String file : RuleWalkTest.ruleFiles()) {
            for (Rule r : new RuleSet().load(source(file)).rules()) {
                all.add(r.lhs());
                all.add(r.rhs());
            }
        }
        Set<String> types = new TreeSet<>();
        for (Expr e : all) collect(e, types);
        // every node type occurs in the rule files (the codec's every branch is taken)
        for (Class<?> c : Expr.class.getPermittedSubclasses()) {
            assertTrue(types.contains(c.getSimpleName()), "no " + c.getSimpleName() + " in the rule files: " + types);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ExprCodec.Writer writer = new ExprCodec.Writer(new DataOutputStream(bytes));
        for (Expr e : all) writer.write(e);
        for (Expr e : all) writer.write(e);   // the second time: numbers only
        ExprCodec.Reader reader = new ExprCodec.Reader(new DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())));
        for (int pass = 0; pass < 2; pass++) {
            for (Expr e : all) {
                Expr back = reader.read();
                assertEquals(e, back);
                assertEquals(e.toString(), back.toString());
            }
        }
    }

    private static void collect(Expr e, Set<String> types) {
        types.add(e.getClass().getSimpleName());
        for (Expr c : e.children()) collect(c, types);
    }
}
