package matcalc.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import matcalc.calculus.Engine;
import matcalc.calculus.Layout;
import matcalc.calculus.VerifiedDerivative;
import matcalc.core.Expr;
import matcalc.numeric.Evaluator;
import matcalc.numeric.Point;
import matcalc.plan.Plan;
import matcalc.shape.Context;
import org.ejml.data.DMatrixRMaj;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The loss and the gradients of a 2-layer tanh MLP with softmax cross-entropy by W1, b1, W2, b2
 * (n = k = d = 512 by default, batch 1 and 256; {@link HandMlp} states the function): matcalc's
 * derivatives, derived once at set-up and evaluated at the point each call, against the same
 * gradient written by hand with EJML. Run by {@link MlpGradientComparison}, which puts NumPy and
 * torch beside them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MlpGradientBenchmark {
    static final String LET = "X: n x B; W1: k x n; b1: k; W2: d x k; b2: d; Y: d x B";
    static final String LOSS = "-sum(Y ⊙ log(softmax(W2 tanh(W1 X + b1 𝟏ᵀ) + b2 𝟏ᵀ))) / B";
    static final List<String> WRT = List.of("W1", "b1", "W2", "b2");

    @Param({"512"})
    public int size;

    @Param({"1", "256"})
    public int batch;

    DMatrixRMaj x, w1, b1, w2, b2, y;
    HandMlp hand;
    Point point;
    /** The loss, then ∂L/∂W1, ∂L/∂b1, ∂L/∂W2, ∂L/∂b2 as matcalc derives them (numerator layout). */
    List<Expr> outputs;
    /** The five outputs compiled once into one plan (its buffers allocated at the first call). */
    Plan plan;

    @Setup
    public void setUp() {
        Random r = new Random(20261203L);
        int n = size, k = size, d = size;
        x = HandMlpTest.random(r, n, batch);
        w1 = scaled(HandMlpTest.random(r, k, n), 1 / Math.sqrt(n));
        b1 = HandMlpTest.random(r, k, 1);
        w2 = scaled(HandMlpTest.random(r, d, k), 1 / Math.sqrt(k));
        b2 = HandMlpTest.random(r, d, 1);
        y = HandMlpTest.oneHot(r, d, batch);
        hand = new HandMlp(n, k, d, batch);
        point = new Point();
        Map.of("X", x, "W1", w1, "b1", b1, "W2", w2, "b2", b2, "Y", y).forEach(point::put);
        outputs = derivatives();
        plan = Plan.compile(outputs);
    }

    static List<Expr> derivatives() {
        Context context = new Context();
        context.let("let", LET);
        context.let("assume", "assume 𝟏ᵀ Y = 𝟏ᵀ");
        Engine engine = Engine.of(context);
        List<Expr> out = new ArrayList<>();
        out.add(engine.check(LOSS).expr());
        Map<String, VerifiedDerivative> ds = engine.derive(LOSS, WRT, Layout.NUMERATOR);
        for (String w : WRT) out.add(ds.get(w).derivative().expr());
        return out;
    }

    private static DMatrixRMaj scaled(DMatrixRMaj m, double by) {
        for (int i = 0; i < m.data.length; i++) m.data[i] *= by;
        return m;
    }

    @Benchmark
    public void handWrittenEjml(Blackhole bh) {
        hand.run(x, w1, b1, w2, b2, y);
        bh.consume(hand.loss);
        bh.consume(hand.dW1);
    }

    /** matcalc today: the tree-walking evaluator, one per call, sharing equal sub-expressions across the five outputs. */
    @Benchmark
    public void matcalcEvaluator(Blackhole bh) {
        Evaluator e = new Evaluator(point);
        for (Expr o : outputs) bh.consume(e.evaluate(o));
    }

    /** The compiled plan: compiled once at set-up, each call binds the point and runs the steps into its buffers. */
    @Benchmark
    public void matcalcPlan(Blackhole bh) {
        plan.at(point);
        for (int i = 0; i < outputs.size(); i++) bh.consume(plan.buffer(i));
    }
}
