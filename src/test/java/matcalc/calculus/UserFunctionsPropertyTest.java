package matcalc.calculus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import matcalc.DerivativeResult;
import matcalc.Matrix;
import matcalc.Session;
import org.junit.jupiter.api.Test;

/**
 * Random elementwise functions defined by their bodies, f(u) = BODY: the body's text and its
 * numeric reference are built together, and matcalc's ∂/∂x and ∂/∂W of cᵀ f(W x) + sum(f(x))
 * (values at a random point) are compared with the test's own central differences of the
 * reference. Also: the derivative f' that answers may use equals the reference's derivative.
 */
class UserFunctionsPropertyTest {
    static final int CASES = 60;
    static final int N = 3;
    static final int D = 2;

    /** A scalar body in u: its text and its value. */
    record Body(String text, DoubleUnaryOperator f) {}

    static Body gen(Random r, int depth) {
        int pick = depth <= 0 ? r.nextInt(2) : r.nextInt(9);
        switch (pick) {
            case 0: return new Body("u", t -> t);
            case 1: {
                double c = 0.5 + r.nextInt(4) * 0.5;
                return new Body(Double.toString(c), t -> c);
            }
            case 2: {
                Body a = gen(r, depth - 1), b = gen(r, depth - 1);
                return new Body("(" + a.text + " + " + b.text + ")", t -> a.f.applyAsDouble(t) + b.f.applyAsDouble(t));
            }
            case 3: {
                Body a = gen(r, depth - 1), b = gen(r, depth - 1);
                return new Body("(" + a.text + " − " + b.text + ")", t -> a.f.applyAsDouble(t) - b.f.applyAsDouble(t));
            }
            case 4: {
                Body a = gen(r, depth - 1), b = gen(r, depth - 1);
                return new Body("(" + a.text + " ⊙ " + b.text + ")", t -> a.f.applyAsDouble(t) * b.f.applyAsDouble(t));
            }
            case 5: {
                Body a = gen(r, depth - 1);
                return new Body("(" + a.text + ").^2", t -> Math.pow(a.f.applyAsDouble(t), 2));
            }
            case 6: {
                Body a = gen(r, depth - 1);
                return new Body("σ(" + a.text + ")", t -> 1 / (1 + Math.exp(-a.f.applyAsDouble(t))));
            }
            case 7: {
                Body a = gen(r, depth - 1);
                return new Body("tanh(" + a.text + ")", t -> Math.tanh(a.f.applyAsDouble(t)));
            }
            default: {
                Body a = gen(r, depth - 1);
                return new Body("sin(" + a.text + ")", t -> Math.sin(a.f.applyAsDouble(t)));
            }
        }
    }

    static double[][] random(Random r, int rows, int cols) {
        double[][] m = new double[rows][cols];
        for (double[] row : m) for (int j = 0; j < cols; j++) row[j] = Math.round((r.nextDouble() * 2 - 1) * 1000) / 1000.0;
        return m;
    }

    /** cᵀ f(W x) + sum(f(x)) by the reference. */
    static double value(DoubleUnaryOperator f, double[][] w, double[] x, double[] c) {
        double s = 0;
        for (int i = 0; i < D; i++) {
            double z = 0;
            for (int j = 0; j < N; j++) z += w[i][j] * x[j];
            s += c[i] * f.applyAsDouble(z);
        }
        for (int j = 0; j < N; j++) s += f.applyAsDouble(x[j]);
        return s;
    }

    @Test
    void derivativesOfRandomDefinitionsMatchFiniteDifferencesOfTheirReference() {
        for (int k = 0; k < CASES; k++) {
            long seed = 7_000 + k;
            Random r = new Random(seed);
            Body g = gen(r, 3);
            Body body = g.text.contains("u") ? g : new Body("(u + " + g.text + ")", t -> t + g.f.applyAsDouble(t));
            String context = "seed " + seed + ": f(u) = " + body.text;
            Session s = new Session().let("x: " + N + "; W: " + D + " x " + N + "; c: " + D).let("f(u) = " + body.text);
            double[][] w = random(r, D, N);
            double[] x = random(r, 1, N)[0];
            double[] c = random(r, 1, D)[0];
            Map<String, Matrix> point = Map.of("W", Matrix.of(w), "x", Matrix.column(x), "c", Matrix.column(c));
            String expr = "cᵀ f(W x) + sum(f(x))";
            DerivativeResult dx = s.derive(expr, "x");
            DerivativeResult dw = s.derive(expr, "W");
            assertTrue(dx.verified() && dw.verified(), context);
            Matrix gx = dx.value(point);
            Matrix gw = dw.value(point);
            double h = 1e-5;
            for (int j = 0; j < N; j++) {
                double[] xp = x.clone(), xm = x.clone();
                xp[j] += h;
                xm[j] -= h;
                double fd = (value(body.f, w, xp, c) - value(body.f, w, xm, c)) / (2 * h);
                assertEquals(fd, gx.get(0, j), 1e-5 * (1 + Math.abs(fd)), context + " ∂/∂x" + j + " = " + dx.text());
            }
            for (int i = 0; i < D; i++) {
                for (int j = 0; j < N; j++) {
                    double[][] wp = copy(w), wm = copy(w);
                    wp[i][j] += h;
                    wm[i][j] -= h;
                    double fd = (value(body.f, wp, x, c) - value(body.f, wm, x, c)) / (2 * h);
                    assertEquals(fd, gw.get(i, j), 1e-5 * (1 + Math.abs(fd)), context + " ∂/∂W = " + dw.text());
                }
            }
            // f' in an answer is the derivative of the body: the chain rule written with it is accepted
            assertTrue(s.check("cᵀ f(W x)", "x", "(c ⊙ f'(W x))ᵀ W").correct(), context);
        }
    }

    private static double[][] copy(double[][] m) {
        double[][] out = new double[m.length][];
        for (int i = 0; i < m.length; i++) out[i] = m[i].clone();
        return out;
    }
}
