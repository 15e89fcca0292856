package matcalc.codegen;

import java.util.ArrayList;
import java.util.List;
import matcalc.core.Dim;
import matcalc.core.Fn;
import matcalc.core.Shape;
import matcalc.plan.Program;

/**
 * NumPy, PyTorch and JAX: one function whose every value is a 2-D array (a vector n×1, a scalar
 * 1×1 inside; scalars are returned as numbers), so that shapes follow matcalc's exactly. The three
 * differ in their module and in a few calls (the stable kernels: softmax, logsumexp, sigmoid,
 * softplus, slogdet).
 */
final class PythonEmitter implements Emitter {
    private final Target target;
    private final String m;
    private Program p;
    private final List<String> lines = new ArrayList<>();

    PythonEmitter(Target target) {
        this.target = target;
        this.m = switch (target) {
            case NUMPY -> "np";
            case TORCH -> "torch";
            case JAX -> "jnp";
            default -> throw new IllegalArgumentException(target.toString());
        };
    }

    @Override
    public String emit(Program program) {
        this.p = program;
        List<String> out = new ArrayList<>();
        switch (target) {
            case NUMPY -> out.add("import numpy as np");
            case TORCH -> out.add("import torch");
            case JAX -> {
                out.add("import jax");
                out.add("import jax.numpy as jnp");
                out.add("import jax.scipy.special");
            }
            default -> { }
        }
        out.add("");
        out.add("");
        List<String> params = new ArrayList<>();
        for (Program.Input in : p.inputs()) params.add(in.name());
        out.add("def " + p.name() + "(" + String.join(", ", params) + "):");
        docstring(out);
        for (Program.Input in : p.inputs()) convert(in);
        for (Program.SizeBinding b : p.sizes()) {
            line(b.name() + " = " + b.input() + ".shape[" + b.axis() + "]");
        }
        for (Program.Input in : p.inputs()) check(in);
        for (Program.Step s : p.steps()) step(s);
        List<String> results = new ArrayList<>();
        for (Program.Output o : p.outputs()) results.add(result(o));
        line("return " + String.join(", ", results));
        out.addAll(lines);
        return String.join("\n", out) + "\n";
    }

    private void docstring(List<String> out) {
        List<String> doc = new ArrayList<>(Docs.lines(p, target));
        out.add("    \"\"\"" + doc.get(0));
        for (int i = 1; i < doc.size(); i++) out.add(doc.get(i).isEmpty() ? "" : "    " + doc.get(i));
        out.add("    \"\"\"");
    }

    private void line(String s) {
        lines.add("    " + s);
    }

    private String tensor(String what) {
        return switch (target) {
            case NUMPY -> "np.asarray(" + what + ", dtype=np.float64)";
            case TORCH -> "torch.as_tensor(" + what + ", dtype=torch.float64)";
            default -> "jnp.asarray(" + what + ")";
        };
    }

    private void convert(Program.Input in) {
        String n = in.name();
        Shape s = in.shape();
        if (s.isScalar()) line(n + " = " + tensor(n) + ".reshape(1, 1)");
        else if (s.cols().isOne()) line(n + " = " + tensor(n) + ".reshape(-1, 1)");
        else if (s.rows().isOne()) line(n + " = " + tensor(n) + ".reshape(1, -1)");
        else line(n + " = " + tensor(n));
    }

    private void check(Program.Input in) {
        if (in.shape().isScalar()) return;
        String want = "(" + Emitter.size(p, in.shape().rows()) + ", " + Emitter.size(p, in.shape().cols()) + ")";
        String shape = target == Target.TORCH ? "tuple(" + in.name() + ".shape)" : in.name() + ".shape";
        line("if " + shape + " != " + want + ":");
        line("    raise ValueError(f\"" + in.name() + " must be " + in.shape() + " = {" + want + "}, got {"
                + shape + "}\")");
    }

    private String result(Program.Output o) {
        if (!o.shape().isScalar()) return o.step();
        return switch (target) {
            case NUMPY -> "float(" + o.step() + "[0, 0])";
            default -> o.step() + "[0, 0]";
        };
    }

    private String full(String value) {
        return switch (target) {
            case TORCH -> "torch.full((1, 1), " + value + ", dtype=torch.float64)";
            default -> m + ".full((1, 1), " + value + ")";
        };
    }

    private String dt() {
        return target == Target.TORCH ? ", dtype=torch.float64" : "";
    }

    private String scalarOf(String value) {
        return target == Target.NUMPY ? "np.reshape(" + value + ", (1, 1))" : value + ".reshape(1, 1)";
    }

    private void step(Program.Step s) {
        List<String> a = s.args();
        String n = s.name();
        Program.Op op = s.op();
        String rhs;
        if (op instanceof Program.Op.Size z) rhs = full("float(" + Emitter.size(p, z.dim()) + ")");
        else if (op instanceof Program.Op.Const c) rhs = full(Emitter.number(c.value()));
        else if (op instanceof Program.Op.Ones o) rhs = m + ".ones((" + Emitter.size(p, o.n()) + ", 1)" + dt() + ")";
        else if (op instanceof Program.Op.Eye e) rhs = m + ".eye(" + Emitter.size(p, e.n()) + dt() + ")";
        else if (op instanceof Program.Op.Zeros) {
            rhs = m + ".zeros((" + Emitter.size(p, s.shape().rows()) + ", " + Emitter.size(p, s.shape().cols()) + ")" + dt() + ")";
        } else if (op instanceof Program.Op.Add) rhs = String.join(" + ", a);
        else if (op instanceof Program.Op.Hadamard) rhs = String.join(" * ", a);
        else if (op instanceof Program.Op.Transpose) rhs = a.get(0) + ".T";
        else if (op instanceof Program.Op.Commutation k) rhs = commutation(n, Emitter.size(p, k.m()), Emitter.size(p, k.n()));
        else if (op instanceof Program.Op.Kron) {
            // torch 1.13's kron views its operands and fails on some strides (a solve's n×1 result has
            // stride (1, n), which .contiguous() keeps): the blocks by broadcasting, then one reshape
            String x = a.get(0);
            String y = a.get(1);
            rhs = target == Target.TORCH
                    ? "(" + x + "[:, None, :, None] * " + y + "[None, :, None, :]).reshape(" + x + ".shape[0] * " + y
                            + ".shape[0], " + x + ".shape[1] * " + y + ".shape[1])"
                    : m + ".kron(" + x + ", " + y + ")";
        }
        else if (op instanceof Program.Op.Solve) rhs = m + ".linalg.solve(" + a.get(0) + ", " + a.get(1) + ")";
        else if (op instanceof Program.Op.Power pw) {
            rhs = a.get(0) + " ** " + (pw.literal() != null ? exponent(pw.literal()) : a.get(1) + "[0, 0]");
        } else if (op instanceof Program.Op.Product pr) rhs = product(pr, a);
        else rhs = call(((Program.Op.Call) op).fn(), a.get(0), s, n);
        line(n + " = " + rhs);
    }

    /** K_{m,n}: ones at (j + i·n, i + j·m), built from index grids (JAX arrays are immutable: .at[].set). */
    private String commutation(String n, String rows, String cols) {
        String size = "(" + rows + ") * (" + cols + ")";
        line(n + "_i, " + n + "_j = " + m + ".meshgrid(" + m + ".arange(" + rows + "), " + m + ".arange(" + cols
                + "), indexing=\"ij\")");
        String r = "(" + n + "_j + " + n + "_i * (" + cols + ")).reshape(-1)";
        String c = "(" + n + "_i + " + n + "_j * (" + rows + ")).reshape(-1)";
        if (target == Target.JAX) return "jnp.zeros((" + size + ", " + size + ")).at[" + r + ", " + c + "].set(1.0)";
        line(n + " = " + m + ".zeros((" + size + ", " + size + ")" + dt() + ")");
        line(n + "[" + r + ", " + c + "] = 1.0");
        return n;
    }

    private static String exponent(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) return v < 0 ? "(" + (long) v + ")" : Long.toString((long) v);
        return v < 0 ? "(" + v + ")" : Double.toString(v);
    }

    private String product(Program.Op.Product pr, List<String> a) {
        List<String> parts = new ArrayList<>();
        List<String> chain = a.subList(pr.scalars(), a.size());
        parts.addAll(a.subList(0, pr.scalars()));
        if (chain.size() == 1) parts.add(chain.get(0));
        else if (chain.size() == 2) parts.add("(" + chain.get(0) + " @ " + chain.get(1) + ")");
        else if (chain.size() > 2) parts.add(m + ".linalg.multi_dot([" + String.join(", ", chain) + "])");
        if (parts.isEmpty()) return full(Emitter.number(pr.coef()));
        String body = String.join(" * ", parts);
        if (pr.coef() == 1) return body;
        if (pr.coef() == -1) return "-" + body;
        return Emitter.number(pr.coef()) + " * " + body;
    }

    /** σ(x) without overflow: e^(−softplus(−x)) in NumPy; the libraries' own elsewhere. */
    private String sigmoid(String x) {
        return switch (target) {
            case NUMPY -> "np.exp(-np.logaddexp(0.0, -" + paren(x) + "))";
            case TORCH -> "torch.sigmoid(" + x + ")";
            default -> "jax.nn.sigmoid(" + x + ")";
        };
    }

    private static String paren(String x) {
        return x.matches("[A-Za-z_][A-Za-z0-9_]*") ? x : "(" + x + ")";
    }

    private String call(Fn fn, String x, Program.Step s, String n) {
        boolean torch = target == Target.TORCH;
        switch (fn) {
            case EXP: case LOG: case SIN: case COS: case TANH: case SQRT: case ABS: case SIGN:
                return m + "." + fn.fnName() + "(" + x + ")";
            case SIGMOID:
                return sigmoid(x);
            case RELU:
                return torch ? "torch.clamp(" + x + ", min=0.0)" : m + ".maximum(" + x + ", 0.0)";
            case STEP:
                return torch ? "(" + x + " > 0).to(torch.float64)" : m + ".where(" + x + " > 0, 1.0, 0.0)";
            case SUM:
                return scalarOf(m + ".sum(" + x + ")");
            case SOFTMAX:
                if (torch) return "torch.softmax(" + x + ", dim=0)";
                if (target == Target.JAX) return "jax.nn.softmax(" + x + ", axis=0)";
                line(n + " = np.exp(" + x + " - np.max(" + x + ", axis=0, keepdims=True))");
                return n + " / np.sum(" + n + ", axis=0, keepdims=True)";
            case LOGSUMEXP:
                if (torch) return "torch.logsumexp(" + x + ", dim=0, keepdim=True)";
                if (target == Target.JAX) return "jax.scipy.special.logsumexp(" + x + ", axis=0, keepdims=True)";
                line(n + " = np.max(" + x + ", axis=0, keepdims=True)");
                return n + " + np.log(np.sum(np.exp(" + x + " - " + n + "), axis=0, keepdims=True))";
            case DIAG:
                Shape arg = s.source().children().get(0).shape();
                if (arg.cols().isOne()) return m + ".diag(" + x + "[:, 0])";
                return (torch ? "torch.diagonal(" + x + ")" : m + ".diag(" + x + ")") + ".reshape(-1, 1)";
            case TR:
                return scalarOf(m + ".trace(" + x + ")");
            case DET:
                return scalarOf(m + ".linalg.det(" + x + ")");
            case LOGDET:
                line("sign, " + n + " = " + m + ".linalg.slogdet(" + x + ")");
                if (target == Target.JAX) return scalarOf("jnp.where(sign > 0, " + n + ", jnp.nan)");
                line("if sign <= 0:");
                line("    raise ValueError(\"logdet needs a positive determinant: " + Docs.escape(s.source().toString())
                        + "\")");
                return scalarOf(n);
            case INV:
                return m + ".linalg.inv(" + x + ")";
            case NORM:
                return scalarOf(m + ".linalg.norm(" + x + ")");
            case SOFTPLUS:
                return torch ? "torch.logaddexp(torch.zeros_like(" + x + "), " + x + ")" : m + ".logaddexp(0.0, " + x + ")";
            case LOGSIGMOID:
                if (torch) return "torch.nn.functional.logsigmoid(" + x + ")";
                if (target == Target.JAX) return "jax.nn.log_sigmoid(" + x + ")";
                return "-np.logaddexp(0.0, -" + x + ")";
            case LEAKYRELU:
                return m + ".where(" + x + " > 0, " + x + ", 0.01 * " + x + ")";
            case ELU:
                return m + ".where(" + x + " > 0, " + x + ", " + m + ".expm1(" + (torch ? "torch.clamp(" + x + ", max=0.0)"
                        : m + ".minimum(" + x + ", 0.0)") + "))";
            case GELU:
                return x + " * " + sigmoid(Emitter.number(matcalc.core.Kernels.GELU_SCALE) + " * (" + x + " + 0.044715 * "
                        + x + " ** 3)");
            case VEC:
                return x + ".T.reshape(-1, 1)";
            default:
                throw matcalc.syntax.MatcalcException.general("code generation for " + target.label() + " does not know "
                        + fn.fnName() + " yet, in " + s.source());
        }
    }

    static boolean isSize(Dim d) {
        return !(d instanceof Dim.Lit);
    }
}
