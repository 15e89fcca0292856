package matcalc.codegen;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import matcalc.calculus.Engine;
import matcalc.calculus.Layout;
import matcalc.calculus.VerifiedDerivative;
import matcalc.numeric.Evaluator;
import matcalc.numeric.Point;
import matcalc.plan.Program;
import matcalc.shape.Context;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.NormOps_DDRM;

/**
 * Runs generated code and compares it: each case's function is called at a point and at the point
 * moved by ±h along a random direction of each variable; its value and derivatives must equal
 * matcalc's own evaluator's (the value of f and of each derivative, as {@code diff --at} computes
 * them), and each derivative must agree with the central difference of the generated f itself.
 * Python targets run in one python3 process per batch of cases; Java is compiled in-process.
 */
public final class GeneratedCode {
    /** Relative agreement with matcalc's evaluator (the same formulas, in another order). */
    static final double SAME = 1e-7;
    /** Agreement with finite differences of the generated f. */
    static final double FD = 1e-5;
    static final double STEP = 1e-6;

    private GeneratedCode() {}

    /** A problem: the engine holds the declarations and assumptions; the point gives every input. */
    public record Case(String id, Engine engine, String expression, List<String> wrts, Layout layout, Point point,
                       Map<String, VerifiedDerivative> derived) {}

    /** What the checks found: failures (each a paragraph), and how many cases ran. */
    public record Outcome(List<String> failures, int ran) {}

    private record Prepared(Case c, Program program, String code, Map<String, VerifiedDerivative> ds,
                            DMatrixRMaj value, List<DMatrixRMaj> derivatives, List<DMatrixRMaj> directions,
                            List<List<DMatrixRMaj>> calls) {}

    /** Runs the cases' code for the target (python: the interpreter for NumPy and PyTorch) and compares. */
    public static Outcome check(Target target, String python, List<Case> cases, long seed) throws Exception {
        List<String> failures = new ArrayList<>();
        List<Prepared> ready = new ArrayList<>();
        Random r = new Random(seed);
        for (Case c : cases) {
            try {
                ready.add(prepare(target, c, r));
            } catch (RuntimeException e) {
                failures.add(c.id() + ": could not prepare: " + e);
            }
        }
        List<List<List<DMatrixRMaj>>> results = target == Target.JAVA ? runJava(ready) : runPython(target, python, ready);
        for (int i = 0; i < ready.size(); i++) {
            String f = compare(ready.get(i), results.get(i));
            if (f != null) failures.add(ready.get(i).c().id() + " (" + target.label() + "): " + f + "\n--- code:\n"
                    + ready.get(i).code());
        }
        return new Outcome(failures, ready.size());
    }

    private static Prepared prepare(Target target, Case c, Random r) {
        String name = Codegen.defaultName(target);
        Map<String, VerifiedDerivative> ds = c.derived();
        Program p = Codegen.lower(c.engine(), c.expression(), ds, c.layout(), name);
        String code = Codegen.emit(p, target);
        Context.Checked checked = c.engine().check(c.expression());
        DMatrixRMaj value = new Evaluator(c.point()).sizesFrom(checked.variables()).evaluate(checked.expr());
        List<DMatrixRMaj> derivatives = new ArrayList<>();
        for (VerifiedDerivative d : ds.values()) derivatives.add(d.value(c.point()).get(0));
        List<List<DMatrixRMaj>> calls = new ArrayList<>();
        List<DMatrixRMaj> base = new ArrayList<>();
        for (Program.Input in : p.inputs()) base.add(c.point().get(in.matcalcName()));
        calls.add(base);
        List<DMatrixRMaj> directions = new ArrayList<>();
        for (VerifiedDerivative d : ds.values()) {
            String w = d.derivative().wrt().name();
            int k = indexOf(p, w);
            DMatrixRMaj x = base.get(k);
            DMatrixRMaj v = new DMatrixRMaj(x.numRows, x.numCols);
            for (int i = 0; i < v.getNumElements(); i++) v.data[i] = r.nextGaussian();
            directions.add(v);
            for (int sign : new int[] {1, -1}) {
                List<DMatrixRMaj> moved = new ArrayList<>(base);
                DMatrixRMaj y = x.copy();
                for (int i = 0; i < y.getNumElements(); i++) y.data[i] += sign * STEP * v.data[i];
                moved.set(k, y);
                calls.add(moved);
            }
        }
        return new Prepared(c, p, code, ds, value, derivatives, directions, calls);
    }

    private static int indexOf(Program p, String matcalcName) {
        for (int i = 0; i < p.inputs().size(); i++) if (p.inputs().get(i).matcalcName().equals(matcalcName)) return i;
        throw new AssertionError("no input " + matcalcName + " in the program");
    }

    /** Null if all agrees, else what did not. */
    private static String compare(Prepared p, List<List<DMatrixRMaj>> got) {
        if (got == null || got.isEmpty()) return "no result";
        if (got.get(0) == null) return "the code failed: " + errorOf(got);
        List<DMatrixRMaj> at = got.get(0);
        if (at.size() != 1 + p.derivatives().size()) return "returned " + at.size() + " values";
        String v = same("the value", at.get(0), p.value());
        if (v != null) return v;
        for (int i = 0; i < p.derivatives().size(); i++) {
            String d = same(p.program().outputs().get(i + 1).name(), at.get(i + 1), p.derivatives().get(i));
            if (d != null) return d;
        }
        int i = 0;
        for (VerifiedDerivative d : p.ds().values()) {
            List<DMatrixRMaj> plus = got.get(1 + 2 * i);
            List<DMatrixRMaj> minus = got.get(2 + 2 * i);
            if (plus == null || minus == null) return "the code failed at a moved point";
            DMatrixRMaj fd = plus.get(0).copy();
            for (int k = 0; k < fd.getNumElements(); k++) fd.data[k] = (plus.get(0).data[k] - minus.get(0).data[k]) / (2 * STEP);
            DMatrixRMaj predicted = directional(at.get(1 + i), p.directions().get(i), at.get(0), p.c().layout());
            double scale = 1 + NormOps_DDRM.normF(fd);
            double err = diff(fd, predicted);
            if (Double.isNaN(err) || err > FD * scale * (1 + NormOps_DDRM.normF(p.directions().get(i)))) {
                return "∂f/∂" + d.derivative().wrt().name() + " disagrees with finite differences of the generated f: "
                        + show(fd) + " vs " + show(predicted);
            }
            i++;
        }
        return null;
    }

    private static String errorOf(List<List<DMatrixRMaj>> got) {
        return ERRORS.getOrDefault(got, "(see stderr)");
    }

    private static final Map<Object, String> ERRORS = new java.util.IdentityHashMap<>();

    /** The derivative G applied to the direction V: ⟨G, V⟩ for a scalar f, J vec(V) otherwise, in vec(f)'s order. */
    static DMatrixRMaj directional(DMatrixRMaj g, DMatrixRMaj v, DMatrixRMaj f, Layout layout) {
        int m = f.getNumElements();
        int n = v.getNumElements();
        DMatrixRMaj out = new DMatrixRMaj(f.numRows, f.numCols);
        if (m == 1) {
            boolean same = g.numRows == v.numRows && g.numCols == v.numCols;
            double s = 0;
            for (int i = 0; i < v.numRows; i++) {
                for (int j = 0; j < v.numCols; j++) s += (same ? g.get(i, j) : g.get(j, i)) * v.get(i, j);
            }
            out.set(0, 0, s);
            return out;
        }
        if (n == 1) {
            for (int i = 0; i < m; i++) out.data[i] = colMajor(g, i, f) * v.get(0, 0);
            return out;
        }
        // J is m×n in numerator (and mixed) layout, n×m in denominator; entries of f and x in column-major order
        boolean transposed = layout == Layout.DENOMINATOR;
        double[] vv = new double[n];
        for (int j = 0; j < v.numCols; j++) for (int i = 0; i < v.numRows; i++) vv[j * v.numRows + i] = v.get(i, j);
        double[] res = new double[m];
        for (int a = 0; a < m; a++) {
            double s = 0;
            for (int b = 0; b < n; b++) s += (transposed ? g.get(b, a) : g.get(a, b)) * vv[b];
            res[a] = s;
        }
        for (int j = 0; j < f.numCols; j++) for (int i = 0; i < f.numRows; i++) out.set(i, j, res[j * f.numRows + i]);
        return out;
    }

    /** Entry k (column-major over f's shape) of g, which has f's shape or its transpose. */
    private static double colMajor(DMatrixRMaj g, int k, DMatrixRMaj f) {
        int i = k % f.numRows;
        int j = k / f.numRows;
        return g.numRows == f.numRows && g.numCols == f.numCols ? g.get(i, j) : g.get(j, i);
    }

    private static String same(String what, DMatrixRMaj got, DMatrixRMaj want) {
        if (got.numRows != want.numRows || got.numCols != want.numCols) {
            return what + " is " + got.numRows + "×" + got.numCols + ", matcalc's is " + want.numRows + "×" + want.numCols;
        }
        double err = diff(got, want);
        if (Double.isNaN(err) || err > SAME * (1 + NormOps_DDRM.normF(want))) {
            return what + " differs from matcalc's evaluator: " + show(got) + " vs " + show(want);
        }
        return null;
    }

    private static double diff(DMatrixRMaj a, DMatrixRMaj b) {
        double s = 0;
        for (int i = 0; i < a.getNumElements(); i++) {
            double d = a.data[i] - b.data[i];
            s += d * d;
        }
        return Math.sqrt(s);
    }

    static String show(DMatrixRMaj m) {
        StringBuilder sb = new StringBuilder(m.numRows + "×" + m.numCols + " [");
        for (int i = 0; i < Math.min(6, m.getNumElements()); i++) sb.append(i > 0 ? ", " : "").append(String.format("%.9g", m.data[i]));
        return sb.append(m.getNumElements() > 6 ? ", …]" : "]").toString();
    }

    // ---------------------------------------------------------------- Python

    static final String RUNNER = String.join("\n",
            "import json, sys, math",
            "MOD = sys.argv[2]",
            "if MOD == 'torch':",
            "    import torch",
            "    def arg(a):",
            "        return float(a) if isinstance(a, float) else torch.tensor(a, dtype=torch.float64)",
            "    def back(r):",
            "        return r.detach().cpu().numpy().tolist() if hasattr(r, 'detach') else float(r)",
            "else:",
            "    import numpy as np",
            "    def arg(a):",
            "        return float(a) if isinstance(a, float) else np.array(a, dtype=np.float64)",
            "    def back(r):",
            "        return np.asarray(r, dtype=np.float64).tolist()",
            "cases = json.load(open(sys.argv[1], encoding='utf-8'))",
            "out = []",
            "for c in cases:",
            "    ns = {}",
            "    res = []",
            "    try:",
            "        exec(compile(c['code'], c['id'], 'exec'), ns)",
            "        fn = ns[c['name']]",
            "    except Exception as e:",
            "        out.append({'error': 'does not load: ' + repr(e)})",
            "        continue",
            "    for call in c['calls']:",
            "        try:",
            "            r = fn(*[arg(a) for a in call])",
            "            res.append([back(x) for x in (r if isinstance(r, tuple) else (r,))])",
            "        except Exception as e:",
            "            res.append({'error': repr(e)})",
            "    out.append({'results': res})",
            "sys.stdout.write(json.dumps(out))",
            "");

    private static List<List<List<DMatrixRMaj>>> runPython(Target target, String python, List<Prepared> ready) throws Exception {
        JsonMapper json = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
        var cases = json.createArrayNode();
        for (Prepared p : ready) {
            var c = cases.addObject();
            c.put("id", p.c().id());
            c.put("code", p.code());
            c.put("name", p.program().name());
            var calls = c.putArray("calls");
            for (List<DMatrixRMaj> call : p.calls()) {
                var args = calls.addArray();
                for (int i = 0; i < call.size(); i++) args.add(toJson(json, call.get(i), p.program().inputs().get(i)));
            }
        }
        Path dir = Files.createTempDirectory("matcalc-codegen");
        try {
            Path in = dir.resolve("cases.json");
            Path runner = dir.resolve("runner.py");
            Files.writeString(in, json.writeValueAsString(cases), StandardCharsets.UTF_8);
            Files.writeString(runner, RUNNER, StandardCharsets.UTF_8);
            Process proc = new ProcessBuilder(python, runner.toString(), in.toString(), target.label())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            byte[] bytes = proc.getInputStream().readAllBytes();
            if (!proc.waitFor(240, TimeUnit.SECONDS)) {
                proc.destroyForcibly();
                throw new AssertionError("python3 did not finish");
            }
            String text = new String(bytes, StandardCharsets.UTF_8);
            if (proc.exitValue() != 0) throw new AssertionError("python3 exited with " + proc.exitValue() + ": " + text);
            JsonNode out = json.readTree(text);
            List<List<List<DMatrixRMaj>>> results = new ArrayList<>();
            for (JsonNode c : out) {
                List<List<DMatrixRMaj>> calls = new ArrayList<>();
                if (c.has("error")) {
                    calls.add(null);
                    ERRORS.put(calls, c.get("error").asText());
                    results.add(calls);
                    continue;
                }
                String firstError = null;
                for (JsonNode call : c.get("results")) {
                    if (call.isObject()) {
                        calls.add(null);
                        if (firstError == null) firstError = call.get("error").asText();
                        continue;
                    }
                    List<DMatrixRMaj> values = new ArrayList<>();
                    for (JsonNode v : call) values.add(fromJson(v));
                    calls.add(values);
                }
                if (firstError != null) ERRORS.put(calls, firstError);
                results.add(calls);
            }
            return results;
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        }
    }

    /** A scalar as a number, a vector as a flat list (the 1-D arrays people pass), a matrix as rows. */
    private static JsonNode toJson(JsonMapper json, DMatrixRMaj m, Program.Input in) {
        if (in.shape().isScalar()) return json.getNodeFactory().numberNode(m.get(0, 0));
        var a = json.createArrayNode();
        if (in.shape().cols().isOne() || in.shape().rows().isOne()) {
            for (int i = 0; i < m.getNumElements(); i++) a.add(m.data[i]);
            return a;
        }
        for (int i = 0; i < m.numRows; i++) {
            var row = a.addArray();
            for (int j = 0; j < m.numCols; j++) row.add(m.get(i, j));
        }
        return a;
    }

    private static DMatrixRMaj fromJson(JsonNode v) {
        if (v.isNumber()) return new DMatrixRMaj(1, 1, true, v.asDouble());
        int rows = v.size();
        int cols = rows == 0 ? 0 : v.get(0).size();
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) m.set(i, j, v.get(i).get(j).asDouble());
        return m;
    }

    // ---------------------------------------------------------------- Java

    private static List<List<List<DMatrixRMaj>>> runJava(List<Prepared> ready) throws Exception {
        Path dir = Files.createTempDirectory("matcalc-codegen-java");
        List<List<List<DMatrixRMaj>>> results = new ArrayList<>();
        try {
            List<java.io.File> files = new ArrayList<>();
            List<String> classes = new ArrayList<>();
            for (int i = 0; i < ready.size(); i++) {
                String cls = "Case" + i;
                String code = ready.get(i).code().replace("public final class " + ready.get(i).program().name() + " {",
                        "public final class " + cls + " {").replace("private " + ready.get(i).program().name() + "()",
                        "private " + cls + "()");
                Path f = dir.resolve(cls + ".java");
                Files.writeString(f, code, StandardCharsets.UTF_8);
                files.add(f.toFile());
                classes.add(cls);
            }
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            java.io.StringWriter diagnostics = new java.io.StringWriter();
            boolean ok = javac.getTask(diagnostics, null, null,
                    List.of("-classpath", System.getProperty("java.class.path"), "-d", dir.toString(), "-encoding", "UTF-8",
                            "-Xlint:all", "-Werror"),
                    null, javac.getStandardFileManager(null, null, StandardCharsets.UTF_8).getJavaFileObjects(
                            files.toArray(new java.io.File[0]))).call();
            if (!ok) throw new AssertionError("the generated Java does not compile:\n" + diagnostics);
            try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, GeneratedCode.class.getClassLoader())) {
                for (int i = 0; i < ready.size(); i++) {
                    Class<?> c = loader.loadClass(classes.get(i));
                    Method compute = null;
                    for (Method m : c.getMethods()) if (m.getName().equals("compute")) compute = m;
                    List<List<DMatrixRMaj>> calls = new ArrayList<>();
                    for (List<DMatrixRMaj> call : ready.get(i).calls()) calls.add(callJava(compute, call, ready.get(i).program()));
                    results.add(calls);
                }
            }
            return results;
        } finally {
            try (var files = Files.walk(dir)) {
                for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(f);
            }
        }
    }

    private static List<DMatrixRMaj> callJava(Method compute, List<DMatrixRMaj> call, Program p) throws Exception {
        Object[] args = new Object[call.size()];
        for (int i = 0; i < args.length; i++) {
            args[i] = p.inputs().get(i).shape().isScalar() ? (Object) call.get(i).get(0, 0) : call.get(i).copy();
        }
        Object result;
        try {
            result = compute.invoke(null, args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            return null;
        }
        List<DMatrixRMaj> out = new ArrayList<>();
        for (var component : result.getClass().getRecordComponents()) {
            Object v = component.getAccessor().invoke(result);
            out.add(v instanceof Double d ? new DMatrixRMaj(1, 1, true, d) : (DMatrixRMaj) v);
        }
        return out;
    }
}
