package matcalc.rewrite;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import matcalc.core.ExprCodec;
import matcalc.syntax.RuleText;
import matcalc.syntax.Source;
import matcalc.syntax.Span;

/**
 * The compiled form of a built-in rule file: its rules as {@link RuleSet#load} makes them from the
 * text (parsed, shape-checked, validated), stored as bytes, so that a start reads them without
 * ANTLR or the checker. Made at build time (process-classes, {@link #main}) from every rules/*.rules
 * in the classes folder, next to it as rules/NAME.rules.compiled, and so inside the jar.
 *
 * <p>The compiled form holds the whole text it was made from: {@link #read} gives its rules only
 * for that exact text under that name (and this format), and null otherwise, when the caller
 * parses the text as before. Nothing of the rules is lost: names, sides (node for node, with their
 * shapes), conditions and spans (so origins such as rules/simplify.rules:12 in steps) are the ones
 * parsing gives; CompiledRulesTest compares the two rule by rule.
 */
public final class CompiledRules {
    private CompiledRules() {}

    /** What a compiled form starts with; the number changes with the layout of what follows. */
    private static final String MAGIC = "matcalc compiled rules 1";

    /** The suffix of a compiled form's name: rules/simplify.rules.compiled. */
    public static final String SUFFIX = ".compiled";

    /** The compiled form of a rule file: parses and checks it (errors as from {@link RuleSet#load}). */
    public static byte[] compile(Source source) throws IOException {
        RuleSet set = new RuleSet().load(source);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeUTF(MAGIC);
        out.writeUTF(source.name());
        byte[] text = source.text().getBytes(StandardCharsets.UTF_8);
        out.writeInt(text.length);
        out.write(text);
        ExprCodec.Writer exprs = new ExprCodec.Writer(out);
        out.writeInt(set.rules().size());
        for (Rule r : set.rules()) {
            out.writeUTF(r.name());
            exprs.write(r.lhs());
            exprs.write(r.rhs());
            out.writeInt(r.conditions().size());
            for (RuleText.Condition c : r.conditions()) {
                span(out, c.span(), source);
                out.writeBoolean(c.variable() != null);
                if (c.variable() != null) out.writeUTF(c.variable());
                out.writeUTF(c.word());
            }
            span(out, r.span(), source);
        }
        out.flush();
        return bytes.toByteArray();
    }

    private static void span(DataOutputStream out, Span span, Source source) throws IOException {
        if (span == null || !span.source().equals(source)) {
            throw new IllegalStateException("a rule's span outside its file: " + span);
        }
        out.writeInt(span.start());
        out.writeInt(span.end());
    }

    /**
     * The rules of the compiled form, if it was made from exactly this source (name and text) by
     * this format; null if not, or if the bytes are not a compiled form (the caller then parses).
     */
    public static List<Rule> read(byte[] compiled, Source source) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(compiled));
            if (!in.readUTF().equals(MAGIC) || !in.readUTF().equals(source.name())) return null;
            byte[] text = new byte[in.readInt()];
            in.readFully(text);
            if (!Arrays.equals(text, source.text().getBytes(StandardCharsets.UTF_8))) return null;
            ExprCodec.Reader exprs = new ExprCodec.Reader(in);
            int n = in.readInt();
            List<Rule> rules = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                String name = in.readUTF();
                var lhs = exprs.read();
                var rhs = exprs.read();
                int k = in.readInt();
                List<RuleText.Condition> conditions = new ArrayList<>(k);
                for (int j = 0; j < k; j++) {
                    Span span = new Span(source, in.readInt(), in.readInt());
                    String variable = in.readBoolean() ? in.readUTF() : null;
                    conditions.add(new RuleText.Condition(span, variable, in.readUTF()));
                }
                rules.add(new Rule(name, lhs, rhs, List.copyOf(conditions), new Span(source, in.readInt(), in.readInt())));
            }
            if (in.read() != -1) return null;   // more than was written: not this format
            return rules;
        } catch (IOException | RuntimeException notACompiledForm) {
            return null;
        }
    }

    /**
     * Compiles every rules/*.rules under the folder given (the build's classes folder, after the
     * resources are copied), writing rules/NAME.rules.compiled beside each. A rule file with an
     * error fails the build with its message.
     */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0], "rules");
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".rules")).sorted().toList();
        }
        for (Path file : files) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            Source source = new Source("rules/" + file.getFileName(), text);
            byte[] compiled = compile(source);
            if (!RuleSet.sameRules(read(compiled, source), new RuleSet().load(source).rules())) {
                throw new IllegalStateException(source.name() + ": the compiled form does not read back as the rules");
            }
            Files.write(file.resolveSibling(file.getFileName() + SUFFIX), compiled);
        }
    }
}
