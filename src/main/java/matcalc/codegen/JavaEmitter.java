package matcalc.codegen;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import matcalc.core.Fn;
import matcalc.core.Shape;
import matcalc.plan.Program;

/**
 * Java over EJML: a class with a static method {@code compute} taking the inputs (DMatrixRMaj, a
 * double for a scalar) and returning a record of the value and each derivative. Each step is a
 * call to a small static helper written into the class (only those used), so the class needs
 * nothing but EJML.
 */
final class JavaEmitter implements Emitter {
    private Program p;
    private final List<String> body = new ArrayList<>();
    private final Set<String> helpers = new LinkedHashSet<>();

    @Override
    public String emit(Program program) {
        this.p = program;
        for (Program.Input in : p.inputs()) {
            if (in.shape().isScalar()) line("DMatrixRMaj " + ref(in.name()) + " = " + use("scalar", in.name()) + ";");
        }
        for (Program.SizeBinding b : p.sizes()) {
            line("int " + b.name() + " = " + ref(b.input()) + (b.axis() == 0 ? ".numRows;" : ".numCols;"));
        }
        for (Program.Input in : p.inputs()) {
            if (in.shape().isScalar()) continue;
            String r = Emitter.size(p, in.shape().rows());
            String c = Emitter.size(p, in.shape().cols());
            String n = in.name();
            line("if (" + n + ".numRows != " + r + " || " + n + ".numCols != " + c + ") {");
            line("    throw new IllegalArgumentException(\"" + n + " must be " + in.shape() + " = \" + " + r + " + \"×\" + "
                    + c + " + \", got \" + " + n + ".numRows + \"×\" + " + n + ".numCols);");
            line("}");
        }
        for (Program.Step s : p.steps()) line("DMatrixRMaj " + s.name() + " = " + step(s) + ";");
        List<String> results = new ArrayList<>();
        for (Program.Output o : p.outputs()) results.add(o.shape().isScalar() ? ref(o.step()) + ".get(0, 0)" : ref(o.step()));
        line("return new Result(" + String.join(", ", results) + ");");

        List<String> out = new ArrayList<>();
        out.add("import org.ejml.data.DMatrixRMaj;");
        out.add("import org.ejml.dense.row.CommonOps_DDRM;");
        out.add("import org.ejml.dense.row.NormOps_DDRM;");
        out.add("");
        out.add("/**");
        for (String d : Docs.lines(p, Target.JAVA)) out.add(d.isEmpty() ? " *" : " * " + d.replace("<", "&lt;").replace(">", "&gt;"));
        out.add(" */");
        out.add("public final class " + p.name() + " {");
        out.add("    private " + p.name() + "() {}");
        out.add("");
        List<String> fields = new ArrayList<>();
        for (Program.Output o : p.outputs()) fields.add((o.shape().isScalar() ? "double " : "DMatrixRMaj ") + o.name());
        out.add("    /** The value of f and its derivatives, in the order of the docs above. */");
        out.add("    public record Result(" + String.join(", ", fields) + ") {}");
        out.add("");
        List<String> params = new ArrayList<>();
        for (Program.Input in : p.inputs()) params.add((in.shape().isScalar() ? "double " : "DMatrixRMaj ") + in.name());
        out.add("    /** f and its derivatives at the inputs (not modified). */");
        out.add("    public static Result compute(" + String.join(", ", params) + ") {");
        out.addAll(body);
        out.add("    }");
        for (String h : helpers) {
            out.add("");
            for (String l : HELPERS.get(h).split("\n")) out.add(l.isEmpty() ? "" : "    " + l);
        }
        out.add("}");
        return String.join("\n", out) + "\n";
    }

    private void line(String s) {
        body.add("        " + s);
    }

    private String ref(String name) {
        for (Program.Input in : p.inputs()) if (in.name().equals(name) && in.shape().isScalar()) return name + "$";
        return name;
    }

    private String use(String helper, String args) {
        helpers.add(helper);
        return helper + "(" + args + ")";
    }

    private String step(Program.Step s) {
        List<String> a = new ArrayList<>();
        for (String x : s.args()) a.add(ref(x));
        Program.Op op = s.op();
        if (op instanceof Program.Op.Size z) return use("scalar", "(double) " + Emitter.size(p, z.dim()));
        if (op instanceof Program.Op.Const c) return use("scalar", Emitter.number(c.value()));
        if (op instanceof Program.Op.Ones o) return use("ones", Emitter.size(p, o.n()));
        if (op instanceof Program.Op.Eye e) return "CommonOps_DDRM.identity(" + Emitter.size(p, e.n()) + ")";
        if (op instanceof Program.Op.Commutation k) {
            return use("commutation", Emitter.size(p, k.m()) + ", " + Emitter.size(p, k.n()));
        }
        if (op instanceof Program.Op.Zeros) {
            return "new DMatrixRMaj(" + Emitter.size(p, s.shape().rows()) + ", " + Emitter.size(p, s.shape().cols()) + ")";
        }
        if (op instanceof Program.Op.Add) return use("add", String.join(", ", a));
        if (op instanceof Program.Op.Hadamard) return use("hadamard", String.join(", ", a));
        if (op instanceof Program.Op.Transpose) return "CommonOps_DDRM.transpose(" + a.get(0) + ", null)";
        if (op instanceof Program.Op.Kron) {
            return "CommonOps_DDRM.kron(" + a.get(0) + ", " + a.get(1) + ", new DMatrixRMaj(" + a.get(0) + ".numRows * "
                    + a.get(1) + ".numRows, " + a.get(0) + ".numCols * " + a.get(1) + ".numCols))";
        }
        if (op instanceof Program.Op.Solve) return use("solve", a.get(0) + ", " + a.get(1));
        if (op instanceof Program.Op.Power pw) {
            return use("power", a.get(0) + ", " + (pw.literal() != null ? Emitter.number(pw.literal()) : a.get(1) + ".get(0, 0)"));
        }
        if (op instanceof Program.Op.Product pr) {
            List<String> args = new ArrayList<>();
            args.add(Emitter.number(pr.coef()));
            args.add(Integer.toString(pr.scalars()));
            args.addAll(a);
            return use("product", String.join(", ", args));
        }
        Fn fn = ((Program.Op.Call) op).fn();
        String x = a.get(0);
        switch (fn) {
            case EXP: return use("map", x + ", Math::exp");
            case LOG: return use("map", x + ", Math::log");
            case SIN: return use("map", x + ", Math::sin");
            case COS: return use("map", x + ", Math::cos");
            case TANH: return use("map", x + ", Math::tanh");
            case SQRT: return use("map", x + ", Math::sqrt");
            case ABS: return use("map", x + ", Math::abs");
            case SIGN: return use("map", x + ", Math::signum");
            case RELU: return use("map", x + ", v -> Math.max(v, 0.0)");
            case STEP: return use("map", x + ", v -> v > 0 ? 1.0 : 0.0");
            case LEAKYRELU: return use("map", x + ", v -> v > 0 ? v : 0.01 * v");
            case ELU: return use("map", x + ", v -> v > 0 ? v : Math.expm1(v)");
            case SIGMOID: helpers.add("sigmoid"); return use("map", x + ", v -> sigmoid(v)");
            case SOFTPLUS: helpers.add("softplus"); return use("map", x + ", v -> softplus(v)");
            case LOGSIGMOID: helpers.add("softplus"); return use("map", x + ", v -> -softplus(-v)");
            case GELU:
                helpers.add("sigmoid");
                return use("map", x + ", v -> v * sigmoid(" + Emitter.number(matcalc.core.Kernels.GELU_SCALE)
                        + " * (v + 0.044715 * v * v * v))");
            case SUM: return use("scalar", "CommonOps_DDRM.elementSum(" + x + ")");
            case TR: return use("scalar", "CommonOps_DDRM.trace(" + x + ")");
            case DET: return use("scalar", "CommonOps_DDRM.det(" + x + ")");
            case NORM: return use("scalar", "NormOps_DDRM.normF(" + x + ")");
            case LOGDET: helpers.add("scalar"); return use("logdet", x);
            case INV: return use("inverse", x);
            case SOFTMAX: return use("softmax", x);
            case LOGSUMEXP: return use("logsumexp", x);
            case VEC: return use("vec", x);
            case DIAG: {
                Shape arg = s.source().children().get(0).shape();
                return arg.cols().isOne() ? use("diagOfVector", x) : use("diagOfMatrix", x);
            }
            default:
                throw matcalc.syntax.MatcalcException.general("code generation for java does not know " + fn.fnName()
                        + " yet, in " + s.source());
        }
    }

    private static final Map<String, String> HELPERS = new LinkedHashMap<>();

    static {
        HELPERS.put("scalar", """
                private static DMatrixRMaj scalar(double v) {
                    return new DMatrixRMaj(1, 1, true, v);
                }""");
        HELPERS.put("ones", """
                private static DMatrixRMaj ones(int n) {
                    DMatrixRMaj m = new DMatrixRMaj(n, 1);
                    m.fill(1);
                    return m;
                }""");
        HELPERS.put("commutation", """
                /** K_{m,n}: K vec(A) = vec(Aᵀ) for an m×n A (vec stacks columns). */
                private static DMatrixRMaj commutation(int m, int n) {
                    DMatrixRMaj k = new DMatrixRMaj(m * n, m * n);
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < n; j++) k.set(j + i * n, i + j * m, 1);
                    }
                    return k;
                }""");
        HELPERS.put("add", """
                private static DMatrixRMaj add(DMatrixRMaj... terms) {
                    DMatrixRMaj acc = terms[0].copy();
                    for (int i = 1; i < terms.length; i++) CommonOps_DDRM.addEquals(acc, terms[i]);
                    return acc;
                }""");
        HELPERS.put("hadamard", """
                private static DMatrixRMaj hadamard(DMatrixRMaj... factors) {
                    DMatrixRMaj acc = factors[0].copy();
                    for (int i = 1; i < factors.length; i++) CommonOps_DDRM.elementMult(acc, factors[i]);
                    return acc;
                }""");
        HELPERS.put("product", """
                /** coef times the first `scalars` 1x1 factors times the rest multiplied as matrices. */
                private static DMatrixRMaj product(double coef, int scalars, DMatrixRMaj... factors) {
                    double c = coef;
                    for (int i = 0; i < scalars; i++) c *= factors[i].get(0, 0);
                    if (scalars == factors.length) return new DMatrixRMaj(1, 1, true, c);
                    DMatrixRMaj acc = factors[scalars];
                    for (int i = scalars + 1; i < factors.length; i++) {
                        DMatrixRMaj out = new DMatrixRMaj(acc.numRows, factors[i].numCols);
                        CommonOps_DDRM.mult(acc, factors[i], out);
                        acc = out;
                    }
                    DMatrixRMaj out = acc.copy();
                    CommonOps_DDRM.scale(c, out);
                    return out;
                }""");
        HELPERS.put("map", """
                private static DMatrixRMaj map(DMatrixRMaj a, java.util.function.DoubleUnaryOperator f) {
                    DMatrixRMaj out = new DMatrixRMaj(a.numRows, a.numCols);
                    for (int i = 0; i < a.getNumElements(); i++) out.data[i] = f.applyAsDouble(a.data[i]);
                    return out;
                }""");
        HELPERS.put("power", """
                private static DMatrixRMaj power(DMatrixRMaj a, double p) {
                    DMatrixRMaj out = new DMatrixRMaj(a.numRows, a.numCols);
                    for (int i = 0; i < a.getNumElements(); i++) out.data[i] = Math.pow(a.data[i], p);
                    return out;
                }""");
        HELPERS.put("sigmoid", """
                private static double sigmoid(double x) {
                    if (x >= 0) return 1 / (1 + Math.exp(-x));
                    double e = Math.exp(x);
                    return e / (1 + e);
                }""");
        HELPERS.put("softplus", """
                /** log(1 + e^x) without overflow. */
                private static double softplus(double x) {
                    return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
                }""");
        HELPERS.put("logsumexp", """
                /** The logsumexp of each column, shifted by the column's maximum: 1xB for a dxB matrix. */
                private static DMatrixRMaj logsumexp(DMatrixRMaj a) {
                    DMatrixRMaj out = new DMatrixRMaj(1, a.numCols);
                    for (int j = 0; j < a.numCols; j++) {
                        double max = Double.NEGATIVE_INFINITY;
                        for (int i = 0; i < a.numRows; i++) max = Math.max(max, a.get(i, j));
                        double s = 0;
                        for (int i = 0; i < a.numRows; i++) s += Math.exp(a.get(i, j) - max);
                        out.set(0, j, max + Math.log(s));
                    }
                    return out;
                }""");
        HELPERS.put("softmax", """
                /** The softmax of each column, shifted by the column's maximum. */
                private static DMatrixRMaj softmax(DMatrixRMaj a) {
                    DMatrixRMaj out = new DMatrixRMaj(a.numRows, a.numCols);
                    for (int j = 0; j < a.numCols; j++) {
                        double max = Double.NEGATIVE_INFINITY;
                        for (int i = 0; i < a.numRows; i++) max = Math.max(max, a.get(i, j));
                        double s = 0;
                        for (int i = 0; i < a.numRows; i++) {
                            out.set(i, j, Math.exp(a.get(i, j) - max));
                            s += out.get(i, j);
                        }
                        for (int i = 0; i < a.numRows; i++) out.set(i, j, out.get(i, j) / s);
                    }
                    return out;
                }""");
        HELPERS.put("vec", """
                /** The columns stacked (column-major). */
                private static DMatrixRMaj vec(DMatrixRMaj a) {
                    DMatrixRMaj out = new DMatrixRMaj(a.numRows * a.numCols, 1);
                    for (int j = 0; j < a.numCols; j++) {
                        for (int i = 0; i < a.numRows; i++) out.data[j * a.numRows + i] = a.get(i, j);
                    }
                    return out;
                }""");
        HELPERS.put("diagOfVector", """
                private static DMatrixRMaj diagOfVector(DMatrixRMaj v) {
                    DMatrixRMaj m = new DMatrixRMaj(v.numRows, v.numRows);
                    for (int i = 0; i < v.numRows; i++) m.set(i, i, v.get(i, 0));
                    return m;
                }""");
        HELPERS.put("diagOfMatrix", """
                private static DMatrixRMaj diagOfMatrix(DMatrixRMaj a) {
                    DMatrixRMaj v = new DMatrixRMaj(a.numRows, 1);
                    for (int i = 0; i < a.numRows; i++) v.set(i, 0, a.get(i, i));
                    return v;
                }""");
        HELPERS.put("inverse", """
                private static DMatrixRMaj inverse(DMatrixRMaj a) {
                    DMatrixRMaj out = new DMatrixRMaj(a.numRows, a.numCols);
                    if (!CommonOps_DDRM.invert(a, out)) throw new ArithmeticException("a singular matrix has no inverse");
                    return out;
                }""");
        HELPERS.put("solve", """
                /** The solution X of A X = B: inv(A) B without forming the inverse. */
                private static DMatrixRMaj solve(DMatrixRMaj a, DMatrixRMaj b) {
                    DMatrixRMaj x = new DMatrixRMaj(a.numCols, b.numCols);
                    if (!CommonOps_DDRM.solve(a, b, x)) throw new ArithmeticException("a singular matrix has no inverse");
                    return x;
                }""");
        HELPERS.put("logdet", """
                /** log det(A) from an LU factorisation with partial pivoting; det(A) must be positive. */
                private static DMatrixRMaj logdet(DMatrixRMaj a) {
                    int n = a.numRows;
                    DMatrixRMaj lu = a.copy();
                    double sum = 0;
                    int sign = 1;
                    for (int k = 0; k < n; k++) {
                        int p = k;
                        for (int i = k + 1; i < n; i++) if (Math.abs(lu.get(i, k)) > Math.abs(lu.get(p, k))) p = i;
                        if (lu.get(p, k) == 0) throw new ArithmeticException("logdet of a singular matrix");
                        if (p != k) {
                            sign = -sign;
                            for (int j = 0; j < n; j++) {
                                double t = lu.get(k, j);
                                lu.set(k, j, lu.get(p, j));
                                lu.set(p, j, t);
                            }
                        }
                        double pivot = lu.get(k, k);
                        if (pivot < 0) sign = -sign;
                        sum += Math.log(Math.abs(pivot));
                        for (int i = k + 1; i < n; i++) {
                            double f = lu.get(i, k) / pivot;
                            for (int j = k; j < n; j++) lu.set(i, j, lu.get(i, j) - f * lu.get(k, j));
                        }
                    }
                    if (sign <= 0) throw new ArithmeticException("logdet needs a positive determinant");
                    return scalar(sum);
                }""");
    }
}
