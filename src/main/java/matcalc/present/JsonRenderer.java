package matcalc.present;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import matcalc.calculus.Derivative;
import matcalc.calculus.Verification;
import matcalc.calculus.VerifiedDerivative;
import matcalc.calculus.Layout;
import matcalc.calculus.Occurrences;
import matcalc.check.Diagnosis;
import matcalc.check.Judgement;
import matcalc.core.Expr;
import matcalc.core.Shape;
import matcalc.numeric.Values;
import matcalc.shape.Context;
import matcalc.render.LatexPrinter;
import matcalc.core.TextPrinter;
import matcalc.steps.Derivation;
import matcalc.syntax.Diagnostic;
import matcalc.syntax.Span;
import org.ejml.data.DMatrixRMaj;

/**
 * Views as JSON documents of one versioned schema (src/main/resources/matcalc/schema/output-v1.schema.json,
 * documented in the README). Every document has {@code "schema": 1} and {@code "command"}; every
 * expression is an object with its Unicode {@code text}, {@code ascii} and {@code latex}, so one
 * minus sign per notation; shapes list one entry per dimension, an integer wherever the size is
 * known (always with a point) and the dimension's name otherwise.
 */
public final class JsonRenderer implements Renderer<String> {
    /** The version of the output schema; it changes only when a field changes meaning or goes away. */
    public static final int SCHEMA = 1;

    /** Made on first use (a holder class): building Jackson's mapper costs a cold start ~0.2 s, and text output never needs it. */
    private static final class Mapper {
        static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    private final TextPrinter unicode = TextPrinter.unicode();
    private final TextPrinter ascii = TextPrinter.ascii();
    private final LatexPrinter latex = new LatexPrinter();

    private static Map<String, Object> document(String command) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schema", SCHEMA);
        doc.put("command", command);
        return doc;
    }

    private static String write(Object doc) {
        try {
            return Mapper.JSON.writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** An expression in the three notations. */
    Map<String, Object> expression(Expr e) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("text", unicode.print(e));
        out.put("ascii", ascii.print(e));
        out.put("latex", latex.print(e));
        return out;
    }

    static Map<String, Object> verification(Verification v) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", v.passed() ? "passed" : v.mismatch() ? "mismatch" : "unchecked");
        out.put("points", v.points());
        if (v instanceof matcalc.calculus.Verification.PassedJointly j) out.put("jointly", j.results());
        if (!v.passed()) out.put("detail", v.detail());
        return out;
    }

    @Override
    public String derivatives(DerivativesView v) {
        Map<String, Object> doc = document(v.command());
        doc.put("expression", expression(v.expression()));
        List<Object> items = new ArrayList<>();
        matcalc.core.Intermediates.Joint joint = v.joint();
        for (int i = 0; i < v.items().size(); i++) {
            items.add(derivative(v.item(i), joint == null ? null : joint.results().get(i)));
        }
        doc.put("derivatives", items);
        // several results named together: one list for all, each "derivative" written in its names
        if (joint != null) doc.put("where", where(joint.definitions()));
        notes(doc, v.unused(), TextRenderer.IN_EXPRESSION);
        return write(doc);
    }

    /** The names a "derivative" is written in, each defined in terms of the ones before it. */
    private List<Object> where(List<matcalc.core.Intermediates.Definition> definitions) {
        List<Object> where = new ArrayList<>();
        for (matcalc.core.Intermediates.Definition def : definitions) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("name", def.name().name());
            one.put("definition", expression(def.body()));
            where.add(one);
        }
        return where;
    }

    private Map<String, Object> derivative(DerivativeView item, Expr inNames) {
        VerifiedDerivative r = item.result();
        Derivative d = r.derivative();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("wrt", d.wrt().name());
        out.put("layout", d.layout().word());
        matcalc.core.Intermediates named = inNames == null ? item.intermediates() : null;
        out.put("derivative", expression(inNames != null ? inNames : named == null ? d.display() : named.result()));
        out.put("inVariables", expression(d.expr()));
        if (named != null) out.put("where", where(named.definitions()));
        out.put("shape", item.shape());
        if (d.isTensor()) {
            Map<String, Object> tensor = new LinkedHashMap<>();
            tensor.put("seed", expression(d.delta()));
            tensor.put("seedShape", Shapes.of(d.delta().shape(), Map.of()));
            String seed = d.seedName();
            tensor.put("meaning", r.isMatrixContraction() ? "Σ_ij " + seed + "_ij ∂F_ij/∂" + d.wrt().name()
                    : seed + " ∂f/∂" + d.wrt().name());
            out.put("tensor", tensor);
        } else {
            out.put("tensor", null);
        }
        out.put("verification", verification(r.verification()));
        if (item.value() != null) out.put("value", value(r, item.value()));
        return out;
    }

    /** Nested lists matching the shape: rows; slices of a tensor; rows of slices of a matrix F's tensor. */
    private static Object value(VerifiedDerivative r, ValueView value) {
        if (r.isMatrixContraction()) {
            int cols = value.columnsOfF();
            List<Object> rowsOfSlices = new ArrayList<>();
            for (int i = 0; i < value.slices().size(); i += cols) {
                List<Object> row = new ArrayList<>();
                for (int j = 0; j < cols; j++) row.add(Values.rows(value.slices().get(i + j)));
                rowsOfSlices.add(row);
            }
            return rowsOfSlices;
        }
        if (r.derivative().isTensor()) {
            List<Object> slices = new ArrayList<>();
            for (DMatrixRMaj s : value.slices()) slices.add(Values.rows(s));
            return slices;
        }
        return Values.rows(value.single());
    }

    @Override
    public String hessian(HessianView v) {
        Map<String, Object> doc = document(v.command());
        doc.put("expression", expression(v.expression()));
        doc.put("wrt", List.of(v.x().name(), v.y().name()));
        doc.put("hessian", expression(v.result().derivative().display()));
        doc.put("shape", v.shape());
        doc.put("verification", verification(v.result().verification()));
        if (v.value() != null) doc.put("value", Values.rows(v.value().single()));
        notes(doc, v.unused(), TextRenderer.IN_EXPRESSION);
        return write(doc);
    }

    @Override
    public String check(CheckView v) {
        Judgement r = v.judgement();
        Map<String, Object> doc = document(v.command());
        doc.put("expression", expression(v.expression()));
        doc.put("wrt", r.expected().derivative().wrt().name());
        Map<String, Object> answer = expression(r.answerExpr());
        answer.put("input", r.answer());
        doc.put("answer", answer);
        doc.put("correct", r.correct());
        doc.put("verdict", r.verdict().word());
        doc.put("layout", r.layout().word());
        doc.put("method", r.method().word());
        doc.put("points", r.points());
        List<Object> answerShape = new ArrayList<>();
        for (String d : r.answerShape().split("×")) answerShape.add(d.matches("\\d+") ? (Object) Integer.valueOf(d) : d);
        doc.put("answerShape", answerShape);
        doc.put("shape", Shapes.of(r.expected().shape(), Map.of()));
        doc.put("diagnosis", r.correct() ? null : diagnosis(r.diagnosis()));
        doc.put("counterexample", r.counterexample());
        if (v.reveal()) doc.put("derivative", expression(r.expected().derivative().display()));
        notes(doc, v.unused(), TextRenderer.IN_EXPRESSION_OR_ANSWER);
        return write(doc);
    }

    /**
     * Notes on the result, only when there is one (so {@code notes} is absent, not empty, from most
     * documents): for each assumption left out, {@code kind} "unused-assumption", the
     * Unicode {@code message}, the {@code assumption}'s two sides and the {@code variables} that
     * do not occur.
     */
    private void notes(Map<String, Object> doc, List<Context.UnusedAssumption> unused, String where) {
        if (unused.isEmpty()) return;
        List<Object> out = new ArrayList<>();
        for (Context.UnusedAssumption u : unused) {
            Map<String, Object> note = new LinkedHashMap<>();
            note.put("kind", "unused-assumption");
            note.put("message", TextRenderer.unicode().note(u, where));
            Map<String, Object> assumption = new LinkedHashMap<>();
            assumption.put("left", expression(u.left()));
            assumption.put("right", expression(u.right()));
            note.put("assumption", assumption);
            note.put("variables", u.variables());
            out.add(note);
        }
        doc.put("notes", out);
    }

    /**
     * What is wrong with an answer: {@code kind}, {@code message} (the Unicode words) and the data
     * the words mention, expressions as {text, ascii, latex}, shapes as lists.
     */
    public Map<String, Object> diagnosis(Diagnosis d) {
        Map<String, Object> fields = new LinkedHashMap<>();
        String kind = d.accept(new DiagnosisFields(fields));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kind", kind);
        out.put("message", TextRenderer.unicode().diagnosis(d));
        out.putAll(fields);
        return out;
    }

    /** Puts a diagnosis's fields into the map and returns its kind. */
    private final class DiagnosisFields implements Diagnosis.Visitor<String> {
        private final Map<String, Object> out;

        DiagnosisFields(Map<String, Object> out) {
            this.out = out;
        }

        private void shapes(Expr.Var wrt, Shape answerShape, Shape shape, Layout layout) {
            out.put("wrt", wrt.name());
            out.put("answerShape", Shapes.of(answerShape, Map.of()));
            out.put("shape", Shapes.of(shape, Map.of()));
            out.put("layout", layout.word());
        }

        private Map<String, Object> place(Occurrences.Place p) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("variable", p.x().name());
            m.put("occurrence", p.occurrence());
            m.put("occurrences", p.occurrences());
            m.put("in", p.in() == null ? null : expression(p.in()));
            m.put("whole", p.whole());
            return m;
        }

        @Override
        public String wrongShape(Diagnosis.WrongShape d) {
            shapes(d.wrt(), d.answerShape(), d.shape(), d.layout());
            return "wrongShape";
        }

        @Override
        public String transpose(Diagnosis.Transpose d) {
            shapes(d.wrt(), d.answerShape(), d.shape(), d.layout());
            out.put("hint", switch (d.hint()) {
                case NONE -> null;
                case GRADIENT_AS_COLUMN -> "gradientAsColumn";
                case OTHER_LAYOUT -> "otherLayout";
            });
            return "transpose";
        }

        @Override
        public String transposedStillWrong(Diagnosis.TransposedStillWrong d) {
            shapes(d.wrt(), d.answerShape(), d.shape(), d.layout());
            out.put("transposed", diagnosis(d.transposed()));
            return "transposedStillWrong";
        }

        @Override
        public String zero(Diagnosis.Zero d) {
            out.put("wrt", d.wrt().name());
            return "zero";
        }

        @Override
        public String sign(Diagnosis.Sign d) {
            out.put("wrt", d.wrt().name());
            return "sign";
        }

        @Override
        public String factor(Diagnosis.Factor d) {
            out.put("wrt", d.wrt().name());
            out.put("factor", d.factor());
            return "factor";
        }

        @Override
        public String varyingFactor(Diagnosis.VaryingFactor d) {
            out.put("wrt", d.wrt().name());
            out.put("low", d.low());
            out.put("high", d.high());
            return "varyingFactor";
        }

        @Override
        public String onlyIfSymmetric(Diagnosis.OnlyIfSymmetric d) {
            out.put("wrt", d.wrt().name());
            out.put("matrix", d.matrix().name());
            return "onlyIfSymmetric";
        }

        @Override
        public String missingPath(Diagnosis.MissingPath d) {
            out.put("wrt", d.wrt().name());
            out.put("through", place(d.through()));
            out.put("term", expression(d.term()));
            return "missingPath";
        }

        @Override
        public String doubledPath(Diagnosis.DoubledPath d) {
            out.put("wrt", d.wrt().name());
            out.put("through", place(d.through()));
            out.put("term", expression(d.term()));
            return "doubledPath";
        }

        @Override
        public String onlyPath(Diagnosis.OnlyPath d) {
            out.put("wrt", d.wrt().name());
            out.put("through", place(d.through()));
            out.put("occurrences", d.occurrences());
            return "onlyPath";
        }

        @Override
        public String missingJacobian(Diagnosis.MissingJacobian d) {
            out.put("wrt", d.wrt().name());
            out.put("function", d.function());
            out.put("application", expression(d.application()));
            out.put("derivative", expression(d.derivative()));
            out.put("diagonal", d.diagonal());
            out.put("abbreviation", d.abbreviation() == null ? null : d.abbreviation().name());
            return "missingJacobian";
        }

        @Override
        public String undefined(Diagnosis.Undefined d) {
            out.put("wrt", d.wrt().name());
            out.put("reason", d.reason());
            return "undefined";
        }

        @Override
        public String undecided(Diagnosis.Undecided d) {
            out.put("wrt", d.wrt().name());
            out.put("reason", d.reason());
            return "undecided";
        }

        @Override
        public String noUsualSlip(Diagnosis.NoUsualSlip d) {
            out.put("wrt", d.wrt().name());
            out.put("sizes", d.sizes());
            return "noUsualSlip";
        }

        @Override
        public String noAnswer(Diagnosis.NoAnswer d) {
            return "noAnswer";
        }

        @Override
        public String unreadable(Diagnosis.Unreadable d) {
            out.put("reason", d.reason());
            return "unreadable";
        }

        @Override
        public String timedOut(Diagnosis.TimedOut d) {
            out.put("reason", d.reason());
            return "timedOut";
        }
    }

    @Override
    public String steps(StepsView v) {
        Map<String, Object> doc = document(v.command());
        doc.put("expression", expression(v.expression()));
        List<Object> items = new ArrayList<>();
        for (Derivation d : v.items()) items.add(derivation(d));
        doc.put("derivations", items);
        return write(doc);
    }

    private Map<String, Object> derivation(Derivation d) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", d.name());
        out.put("wrt", d.variable().name());
        out.put("function", expression(d.f()));
        List<Object> intermediates = new ArrayList<>();
        for (Derivation.Intermediate i : d.intermediates()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", i.name());
            m.put("body", expression(i.body()));
            m.put("shape", Shapes.of(i.full().shape(), Map.of()));
            intermediates.add(m);
        }
        out.put("intermediates", intermediates);
        List<Object> factors = new ArrayList<>();
        for (Derivation.Factor f : d.factors()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("of", f.of());
            m.put("by", f.by().name());
            m.put("contracted", f.contracted());
            m.put("jacobian", expression(f.jacobian()));
            m.put("shape", Shapes.of(f.jacobian().shape(), Map.of()));
            m.put("rules", f.rules());
            factors.add(m);
        }
        out.put("factors", factors);
        List<Object> paths = new ArrayList<>();
        for (Derivation.Path p : d.paths()) paths.add(Map.of("through", p.where(), "term", expression(p.term())));
        out.put("paths", paths);
        out.put("product", expression(d.product()));
        List<Object> lines = new ArrayList<>();
        for (Derivation.Line l : d.simplification()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("expression", expression(l.expr()));
            m.put("rules", l.rule().isEmpty() ? List.of() : List.of(l.rule().split(", ")));
            lines.add(m);
        }
        out.put("simplification", lines);
        out.put("result", expression(d.result()));
        out.put("derivative", expression(d.inVariables()));
        out.put("verification", verification(d.check()));
        out.put("text", d.text().stripTrailing());
        out.put("latex", d.latex());
        return out;
    }

    @Override
    public String eval(EvalView v) {
        Map<String, Object> doc = document(v.command());
        doc.put("expression", expression(v.expression()));
        doc.put("shape", Values.shapeList(v.expression().shape(), v.value()));
        doc.put("value", Values.nested(v.expression().shape(), v.value()));
        return write(doc);
    }

    @Override
    public String error(ErrorView v) {
        Map<String, Object> doc = document(v.command());
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("kind", v.internal() ? "internal" : "input");
        if (v.error() == null) {
            error.put("message", v.message());
            error.put("rendered", "error: " + v.message());
        } else {
            Diagnostic d = v.error().diagnostic();
            String message = v.error().subject() == null ? d.message()
                    : v.askedWith() + v.error().subject() + ": " + d.message();
            error.put("message", message);
            Span span = d.span();
            if (span != null) {
                Map<String, Object> where = new LinkedHashMap<>();
                where.put("source", span.source().name());
                where.put("line", span.line());
                where.put("column", span.column());
                where.put("text", span.text());
                error.put("span", where);
            }
            error.put("notes", d.notes());
            error.put("rendered", v.error().render(v.askedWith()));
        }
        doc.put("error", error);
        return write(doc);
    }
}
