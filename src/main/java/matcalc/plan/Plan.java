package matcalc.plan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.DoubleUnaryOperator;
import matcalc.core.Dim;
import matcalc.core.Expr;
import matcalc.core.Fn;
import matcalc.core.Kernels;
import matcalc.core.Shape;
import matcalc.numeric.Evaluator;
import matcalc.numeric.Footprint;
import matcalc.numeric.Functions;
import matcalc.numeric.Point;
import matcalc.numeric.Sampler;
import matcalc.syntax.Deadline;
import matcalc.syntax.MatcalcException;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Expressions compiled once into a straight-line sequence of EJML operations on buffers that are
 * allocated once per set of sizes, then evaluated at many points. The steps are those of
 * {@link Dag#forEvaluation}: one per distinct node, in the order {@link Evaluator} computes them, with
 * its kernels ({@link Functions}: the same values, the same domain errors naming the same
 * sub-expressions, the same argument checks); a product whose operand is a transpose multiplies by
 * the transpose's argument ({@code multTransA}/{@code multTransB}) instead of forming it; entrywise
 * functions, sums, products of matrices, powers, and softmax and logsumexp per column (max-shifted,
 * {@link Kernels}) write into their buffers in place; the other matrix functions (diag, det, inv, …)
 * call the evaluator's kernel and copy its result.
 * <p>
 * Use: {@code plan.at(point)} binds the point (sizes from its values, as the evaluator binds them),
 * then {@code value(i)} computes the steps up to root i's that are not computed yet at this point:
 * roots asked for in order are computed exactly as one evaluator evaluating them in turn would
 * (root 0 as {@code new Evaluator(point).evaluate(root 0)}, each later root's new steps after it). Where the plan cannot bind the sizes itself (a size no value fixes, a
 * value that clashes with a shape, a missing value, too large for the heap) it hands that point to
 * the evaluator, which computes the value or refuses it with its own message.
 * Not thread-safe: one plan per thread.
 */
public final class Plan {
    private final List<Expr> roots;
    private final List<Program.Step> steps;
    /** The slot of each root's value; the first {@code inputs.size()} slots are the inputs. */
    private final int[] rootSlot;
    /** The last step each root needs (steps are numbered after the inputs). */
    private final int[] rootEnd;
    private final List<String> inputs = new ArrayList<>();
    private final Map<String, Shape> inputShapes = new LinkedHashMap<>();
    private final Kernel[] kernels;
    private final Map<String, Integer> givenSizes = new LinkedHashMap<>();
    private BiConsumer<Expr.Apply, DMatrixRMaj> argumentCheck;

    // per set of sizes
    private final DMatrixRMaj[] slots;
    private int[] allocatedFor;
    /** The inputs' sizes at the point being bound (rows, columns of each), compared with allocatedFor. */
    private final int[] key;
    private Map<String, Integer> sizes;

    // per point
    private Point point;
    private Evaluator fallback;
    private int computed;

    private Plan(List<Expr> roots) {
        this.roots = List.copyOf(roots);
        Dag dag = Dag.forEvaluation();
        Set<Expr> seen = new HashSet<>();
        for (Expr r : roots) collectInputs(r, seen);
        Map<String, Integer> slotOf = new HashMap<>();
        for (String v : inputs) slotOf.put(dag.input(v), slotOf.size());
        List<String> rootNames = new ArrayList<>();
        for (Expr r : roots) rootNames.add(dag.lower(r));
        this.steps = dag.steps();
        for (Program.Step s : steps) slotOf.put(s.name(), slotOf.size());
        this.rootSlot = new int[roots.size()];
        this.rootEnd = new int[roots.size()];
        for (int i = 0; i < roots.size(); i++) {
            rootSlot[i] = slotOf.get(rootNames.get(i));
            // every step a root reads comes before its own (an input's value needs none)
            rootEnd[i] = Math.max(0, rootSlot[i] - inputs.size() + 1);
        }
        this.slots = new DMatrixRMaj[inputs.size() + steps.size()];
        this.key = new int[2 * inputs.size()];
        this.kernels = compile(slotOf);
    }

    /** The plan of these expressions (refused, as code generation refuses, for an undeclared function h). */
    public static Plan compile(List<Expr> roots) {
        return new Plan(roots);
    }

    /**
     * The plan, or null where one cannot be made (an undeclared function; an expression nested too
     * deeply for the lowering's stack): evaluate those with the evaluator, which says what it can.
     */
    public static Plan tryCompile(List<Expr> roots) {
        try {
            return new Plan(roots);
        } catch (MatcalcException | StackOverflowError cannot) {
            return null;
        }
    }

    /**
     * One value, as {@code eval}, {@code diff --at} and the REPL's {@code :eval} compute it: the sizes
     * from the values of every one of these variables, checked against their shapes, as
     * {@link Evaluator#sizesFrom} binds them (0 x has the length of x), then the plan of e, or the
     * evaluator where no plan can be made.
     */
    public static DMatrixRMaj evaluateOnce(Expr e, Point p, Map<String, Shape> variables) {
        Evaluator sized = new Evaluator(p).sizesFrom(variables);
        Plan plan = tryCompile(List.of(e));
        if (plan == null) return sized.evaluate(e);
        return plan.withSizes(sized.sizes()).at(p).value(0);
    }

    /** Fixes a symbolic dimension's size, as {@link Evaluator#withSize} does. */
    public Plan withSize(String dim, int size) {
        Integer old = givenSizes.put(dim, size);
        if (old == null || old != size) allocatedFor = null;
        return this;
    }

    /** Fixes exactly these sizes (those given before and not here are forgotten); buffers kept if unchanged. */
    public Plan withSizes(Map<String, Integer> given) {
        if (!givenSizes.equals(given)) {
            givenSizes.clear();
            givenSizes.putAll(given);
            allocatedFor = null;
        }
        return this;
    }

    /** As {@link Evaluator#checkingArguments}: called with every built-in function's argument. */
    public Plan checkingArguments(BiConsumer<Expr.Apply, DMatrixRMaj> check) {
        this.argumentCheck = check;
        return this;
    }

    public List<Expr> roots() {
        return roots;
    }

    /**
     * The variables the roots read, with their shapes: the plan binds sizes from all of them, so a
     * root computes as {@code new Evaluator(point).sizesFrom(variables()).evaluate(root)} does (for a
     * single root, as {@code evaluate(root)} does).
     */
    public Map<String, Shape> variables() {
        return java.util.Collections.unmodifiableMap(inputShapes);
    }

    /**
     * The number of operations the plan runs at the sizes last allocated (one per distinct node but
     * constants, and transposes that every product reading them reads through multTransA/B).
     */
    public int operations() {
        int n = 0;
        for (Kernel k : kernels) if (!(k instanceof Constant) && !(k instanceof Transpose t && !t.needed)) n++;
        return n;
    }

    /**
     * Binds the point: its values are read (not copied) until the next call, so they must not change
     * between {@code at} and the last {@code value}.
     */
    public Plan at(Point p) {
        this.point = p;
        this.computed = 0;
        this.fallback = null;
        int[] key = this.key;
        for (int i = 0; i < inputs.size(); i++) {
            DMatrixRMaj v = p.get(inputs.get(i));
            if (v == null) {
                fallback = evaluator(p);
                return this;
            }
            key[2 * i] = v.numRows;
            key[2 * i + 1] = v.numCols;
            slots[i] = v;
        }
        if (allocatedFor == null || !Arrays.equals(key, allocatedFor)) {
            try {
                allocate(p);
                allocatedFor = key.clone();
            } catch (MatcalcException | PlanSizes e) {
                allocatedFor = null;
                fallback = evaluator(p);
            }
        }
        return this;
    }

    /** Whether the bound point was handed to the evaluator (sizes the plan does not bind itself). */
    public boolean handedToEvaluator() {
        return fallback != null;
    }

    /** The value of root i at the bound point: a fresh matrix the caller may modify. */
    public DMatrixRMaj value(int i) {
        DMatrixRMaj v = buffer(i);
        return fallback != null ? v : v.copy();
    }

    /**
     * The value of root i at the bound point in the plan's own buffer, not copied: valid until the
     * next {@code at}, not to be modified (a root that is an input is the point's own matrix).
     */
    public DMatrixRMaj buffer(int i) {
        if (point == null) throw new IllegalStateException("no point: call at(point) first");
        if (fallback != null) return fallback.evaluate(roots.get(i));
        int base = inputs.size();
        for (; computed < rootEnd[i]; computed++) {
            Deadline.check();
            kernels[computed].run(slots[base + computed]);
        }
        return slots[rootSlot[i]];
    }

    /** Every root's value at p, in order (the point bound as by {@link #at}). */
    public List<DMatrixRMaj> evaluate(Point p) {
        at(p);
        List<DMatrixRMaj> out = new ArrayList<>();
        for (int i = 0; i < roots.size(); i++) out.add(value(i));
        return out;
    }

    private Evaluator evaluator(Point p) {
        Evaluator ev = new Evaluator(p);
        givenSizes.forEach(ev::withSize);
        if (argumentCheck != null) ev.checkingArguments(argumentCheck);
        return ev;
    }

    // ---------------------------------------------------------------- inputs and sizes

    /** The variables in the order the evaluator binds their sizes (pre-order, first occurrence). */
    private void collectInputs(Expr e, Set<Expr> seen) {
        if (!seen.add(e)) return;
        if (e instanceof Expr.Var v && v.kind() != Expr.Kind.SIZE && !inputShapes.containsKey(v.name())) {
            inputs.add(v.name());
            inputShapes.put(v.name(), v.shape());
        }
        for (Expr c : e.children()) collectInputs(c, seen);
    }

    /** A size the values do not fix as plain symbols: the evaluator is asked instead. */
    private static final class PlanSizes extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PlanSizes() {
            super(null, null, false, false);
        }
    }

    private void allocate(Point p) {
        Evaluator binder = evaluator(p);
        binder.sizesFrom(inputShapes);
        Map<String, Integer> bound = new HashMap<>(binder.sizes());
        // all roots in one walk: their buffers are allocated together, and K roots sharing one DAG
        // (K gradients of a K-layer network) walked one by one made this quadratic in K
        Footprint.require("evaluating this", bound, 0, roots.toArray(new Expr[0]));
        this.sizes = bound;
        int base = inputs.size();
        for (int i = 0; i < steps.size(); i++) {
            Program.Step s = steps.get(i);
            int rows = size(s.shape().rows());
            int cols = size(s.shape().cols());
            DMatrixRMaj old = slots[base + i];
            DMatrixRMaj buffer = old != null && old.numRows == rows && old.numCols == cols ? old : new DMatrixRMaj(rows, cols);
            slots[base + i] = buffer;
            kernels[i].allocate(buffer);
        }
    }

    private int size(Dim d) {
        Integer n = Sampler.size(d, sizes);
        if (n == null) throw new PlanSizes();
        return n;
    }

    // ---------------------------------------------------------------- the operations

    /** One step: buffers sized (and constants filled) per set of sizes, then run per point into out. */
    private interface Kernel {
        default void allocate(DMatrixRMaj out) {}

        void run(DMatrixRMaj out);
    }

    /** A constant of the sizes (a number, 𝟏, I, 0, K, a size): filled when allocated. */
    private record Constant(java.util.function.Consumer<DMatrixRMaj> fill) implements Kernel {
        @Override public void allocate(DMatrixRMaj out) { fill.accept(out); }
        @Override public void run(DMatrixRMaj out) {}
    }

    /**
     * A transpose, formed only where something reads it as a matrix: a product whose multiplication
     * has a vector operand or result reads it through multTransA/multTransB instead (EJML's
     * matrix-vector forms), while between two matrices EJML multiplies a transpose formed in its
     * buffer faster than through multTransA/B (1.3× at 512×512 by 512×256), so such a product
     * marks it needed when the sizes are allocated.
     */
    private final class Transpose implements Kernel {
        private final int arg;
        private final boolean always;
        boolean needed;

        Transpose(int arg, boolean always) {
            this.arg = arg;
            this.always = always;
        }

        @Override
        public void allocate(DMatrixRMaj out) {
            needed = always;   // the products reading it come later and may set it
        }

        @Override
        public void run(DMatrixRMaj out) {
            if (needed) CommonOps_DDRM.transpose(slot(arg), out);
        }
    }

    private final Map<String, Transpose> transposes = new HashMap<>();

    private Kernel[] compile(Map<String, Integer> slotOf) {
        int base = inputs.size();
        // the transposes read by anything but a product's matrix chain (or returned) must be formed
        Set<String> transposeNeeded = new HashSet<>();
        Map<String, Program.Step> byName = new HashMap<>();
        for (Program.Step s : steps) byName.put(s.name(), s);
        for (int i = 0; i < rootSlot.length; i++) {
            if (rootSlot[i] >= base) transposeNeeded.add(steps.get(rootSlot[i] - base).name());
        }
        for (Program.Step s : steps) {
            boolean product = s.op() instanceof Program.Op.Product;
            int scalars = product ? ((Program.Op.Product) s.op()).scalars() : 0;
            boolean fused = product && s.args().size() - scalars > 1;
            for (int a = 0; a < s.args().size(); a++) {
                if (!fused || a < scalars) transposeNeeded.add(s.args().get(a));
            }
        }
        Kernel[] out = new Kernel[steps.size()];
        for (int i = 0; i < steps.size(); i++) {
            Program.Step s = steps.get(i);
            int[] args = s.args().stream().mapToInt(slotOf::get).toArray();
            out[i] = kernel(s, args, byName, slotOf, transposeNeeded);
        }
        return out;
    }

    private DMatrixRMaj slot(int i) {
        return slots[i];
    }

    private Kernel kernel(Program.Step s, int[] args, Map<String, Program.Step> byName, Map<String, Integer> slotOf,
                          Set<String> transposeNeeded) {
        Expr source = s.source();
        Program.Op op = s.op();
        if (op instanceof Program.Op.Size z) return new Constant(o -> o.set(0, 0, size(z.dim())));
        if (op instanceof Program.Op.Const c) return new Constant(o -> o.set(0, 0, c.value()));
        if (op instanceof Program.Op.Ones) return new Constant(m -> m.fill(1));
        if (op instanceof Program.Op.Eye) return new Constant(CommonOps_DDRM::setIdentity);
        if (op instanceof Program.Op.Zeros) return new Constant(DMatrixRMaj::zero);
        if (op instanceof Program.Op.Commutation k) {
            return new Constant(o -> {
                // as the evaluator builds it: entry (i + j·n, j + i·m) is 1, for i < n and j < m
                int m = size(k.m());
                int n = size(k.n());
                o.zero();
                for (int i = 0; i < n; i++) for (int j = 0; j < m; j++) o.set(i + j * n, j + i * m, 1);
            });
        }
        if (op instanceof Program.Op.Add) {
            return out -> {
                out.setTo(slot(args[0]));
                for (int i = 1; i < args.length; i++) CommonOps_DDRM.addEquals(out, slot(args[i]));
            };
        }
        if (op instanceof Program.Op.Hadamard) {
            return out -> {
                out.setTo(slot(args[0]));
                for (int i = 1; i < args.length; i++) CommonOps_DDRM.elementMult(out, slot(args[i]));
            };
        }
        if (op instanceof Program.Op.Transpose) {
            Transpose t = new Transpose(args[0], transposeNeeded.contains(s.name()));
            transposes.put(s.name(), t);
            return t;
        }
        if (op instanceof Program.Op.Product p) return product(p, s, args, byName, slotOf);
        if (op instanceof Program.Op.Power p) {
            Expr.Power e = (Expr.Power) source;
            return out -> {
                DMatrixRMaj b = slot(args[0]);
                double exponent = p.literal() != null ? p.literal() : slot(args[1]).get(0, 0);
                int n = b.numRows * b.numCols;
                for (int i = 0; i < n; i++) out.data[i] = Functions.power(e, b.data[i], exponent);
            };
        }
        if (op instanceof Program.Op.Call) return call((Expr.Apply) source, args[0]);
        if (op instanceof Program.Op.Kron) return out -> CommonOps_DDRM.kron(slot(args[0]), slot(args[1]), out);
        throw new IllegalStateException("an evaluation plan has no " + op);
    }

    private Kernel call(Expr.Apply e, int arg) {
        Fn fn = e.fn();
        DoubleUnaryOperator f = fn.entrywise();
        if (f != null) {
            return out -> {
                DMatrixRMaj a = slot(arg);
                Functions.requireEntries(e, a);
                int n = a.numRows * a.numCols;
                for (int i = 0; i < n; i++) out.data[i] = f.applyAsDouble(a.data[i]);
                if (argumentCheck != null) argumentCheck.accept(e, a);
            };
        }
        if (fn == Fn.SUM) {
            return out -> {
                DMatrixRMaj a = slot(arg);
                out.data[0] = CommonOps_DDRM.elementSum(a);
                if (argumentCheck != null) argumentCheck.accept(e, a);
            };
        }
        // softmax and logsumexp per column with a max shift, in place (defined on all reals: no domain check)
        if ((fn == Fn.SOFTMAX || fn == Fn.LOGSUMEXP) && fn.domain() == matcalc.core.Domain.REALS) {
            return new Kernel() {
                private DMatrixRMaj lse;

                @Override
                public void allocate(DMatrixRMaj out) {
                    int columns = slot(arg).numCols;
                    if (fn == Fn.SOFTMAX && (lse == null || lse.numCols != columns)) lse = new DMatrixRMaj(1, columns);
                }

                @Override
                public void run(DMatrixRMaj out) {
                    DMatrixRMaj a = slot(arg);
                    if (fn == Fn.SOFTMAX) Kernels.softmax(a, lse, out);
                    else Kernels.logsumexpColumns(a, out);
                    if (argumentCheck != null) argumentCheck.accept(e, a);
                }
            };
        }
        // the other matrix functions (diag, det, inv, …): the evaluator's kernel, then copied
        return out -> {
            DMatrixRMaj a = slot(arg);
            out.setTo(Functions.apply(e, a));
            if (argumentCheck != null) argumentCheck.accept(e, a);
        };
    }

    /**
     * coef · scalars · chain, as the evaluator multiplies: the chain left to right, then scaled. An
     * operand that is a transpose step is read through multTransA/multTransB where its multiplication
     * has a vector operand or result (decided when the sizes are allocated; see {@link Transpose}).
     */
    private Kernel product(Program.Op.Product p, Program.Step s, int[] args, Map<String, Program.Step> byName,
                           Map<String, Integer> slotOf) {
        int scalars = p.scalars();
        int chain = args.length - scalars;
        if (chain == 0) {
            return out -> {
                double c = p.coef();
                for (int i = 0; i < scalars; i++) c *= slot(args[i]).get(0, 0);
                out.data[0] = c;
            };
        }
        // each chain operand: its slot; for a transpose step also its argument's slot, read transposed where fused
        int[] own = new int[chain];
        int[] inner = new int[chain];
        Transpose[] transpose = new Transpose[chain];
        int[] operand = new int[chain];
        boolean[] transposed = new boolean[chain];
        for (int k = 0; k < chain; k++) {
            String name = s.args().get(scalars + k);
            Program.Step st = byName.get(name);
            own[k] = slotOf.get(name);
            operand[k] = own[k];
            if (st != null && st.op() instanceof Program.Op.Transpose && chain > 1) {
                inner[k] = slotOf.get(st.args().get(0));
                transpose[k] = transposes.get(name);
            }
        }
        // a buffer for each partial product but the last, which is the step's own
        DMatrixRMaj[] partial = new DMatrixRMaj[Math.max(0, chain - 2)];
        return new Kernel() {
            @Override
            public void allocate(DMatrixRMaj out) {
                for (int k = 0; k < chain; k++) {
                    if (transpose[k] == null) continue;
                    DMatrixRMaj a = slot(inner[k]);
                    // the multiplication this operand takes part in: (0 × 1) for the first, (… × k) for the others
                    int j = Math.max(k, 1);
                    int resultRows = k == 0 ? a.numCols : rows(0);
                    int resultCols = k == j ? a.numRows : cols(j);
                    boolean vector = resultRows == 1 || resultCols == 1;
                    transposed[k] = vector;
                    operand[k] = vector ? inner[k] : own[k];
                    if (!vector) transpose[k].needed = true;
                }
                for (int k = 0; k < partial.length; k++) {
                    int rows = rows(0);
                    int cols = cols(k + 1);
                    if (partial[k] == null || partial[k].numRows != rows || partial[k].numCols != cols) {
                        partial[k] = new DMatrixRMaj(rows, cols);
                    }
                }
            }

            private int rows(int k) {
                DMatrixRMaj m = sized(k);
                return transposed[k] ? m.numCols : m.numRows;
            }

            private int cols(int k) {
                DMatrixRMaj m = sized(k);
                return transposed[k] ? m.numRows : m.numCols;
            }

            /** The operand's buffer (an input's size is known from the point when allocating). */
            private DMatrixRMaj sized(int k) {
                return slot(operand[k]);
            }

            @Override
            public void run(DMatrixRMaj out) {
                double c = p.coef();
                for (int i = 0; i < scalars; i++) c *= slot(args[i]).get(0, 0);
                if (chain == 1) {
                    out.setTo(slot(operand[0]));
                } else {
                    DMatrixRMaj acc = slot(operand[0]);
                    boolean accT = transposed[0];
                    for (int k = 1; k < chain; k++) {
                        DMatrixRMaj target = k == chain - 1 ? out : partial[k - 1];
                        multiply(acc, accT, slot(operand[k]), transposed[k], target);
                        acc = target;
                        accT = false;
                    }
                }
                CommonOps_DDRM.scale(c, out);
            }
        };
    }

    private static void multiply(DMatrixRMaj a, boolean at, DMatrixRMaj b, boolean bt, DMatrixRMaj out) {
        if (at && bt) CommonOps_DDRM.multTransAB(a, b, out);
        else if (at) CommonOps_DDRM.multTransA(a, b, out);
        else if (bt) CommonOps_DDRM.multTransB(a, b, out);
        else CommonOps_DDRM.mult(a, b, out);
    }
}
