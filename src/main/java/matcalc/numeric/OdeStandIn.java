package matcalc.numeric;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import matcalc.core.Elementwise;
import matcalc.core.Expr;
import matcalc.syntax.MatcalcException;

/**
 * The stand-in for an opaque function h whose derivative the user stated, h'(u) = S(u, h(u)): the
 * solution of that ODE with h(0) = 0.5 (so h'(u) = 1 − h(u)^2 gives tanh(u + atanh 0.5)), found by
 * the classical Runge–Kutta method on a grid of step 1/4096 and read between grid points by cubic
 * Hermite interpolation with the stated slopes (error about 1e-15). The grid grows on demand to
 * |u| ≤ {@value #REACH}. Where the solution blows up or leaves that range the stand-in has no value
 * and the evaluator says so: the numeric check then rejects the point, and a result whose every
 * point was rejected is reported as not checked. The results are derived symbolically with the
 * statement; this solution is one function that satisfies it, so a check against it is a check.
 */
final class OdeStandIn {
    static final double H = 1.0 / 4096;
    static final double REACH = 64;
    static final double START = 0.5;

    private final String name;
    private final Elementwise stated;
    private final List<Double> up = new ArrayList<>();     // h(k H), k = 0, 1, …
    private final List<Double> down = new ArrayList<>();   // h(−k H)
    private boolean upEnds;
    private boolean downEnds;

    private OdeStandIn(String name, Elementwise stated) {
        this.name = name;
        this.stated = stated;
        up.add(START);
        down.add(START);
    }

    /** Stand-ins (h and h') for every function with a stated derivative, by name. */
    static Map<String, DoubleUnaryOperator[]> solving(Map<String, Elementwise> stated) {
        Map<String, DoubleUnaryOperator[]> out = new LinkedHashMap<>();
        stated.forEach((name, s) -> {
            OdeStandIn h = new OdeStandIn(name, s);
            out.put(name, new DoubleUnaryOperator[] {h::value, t -> h.slope(t, h.value(t))});
        });
        return out;
    }

    /** S(t, y): the stated derivative at u = t where h(u) = y. */
    double slope(double t, double y) {
        return eval(stated.body(), t, y);
    }

    private double eval(Expr e, double t, double y) {
        if (e instanceof Expr.Num n) return n.value();
        if (e instanceof Expr.Var) return t;
        if (e instanceof Expr.UserFn) return y;   // h(u): the only function call a statement may hold
        if (e instanceof Expr.Transpose tr) return eval(tr.arg(), t, y);
        if (e instanceof Expr.Add a) {
            double s = 0;
            for (Expr c : a.terms()) s += eval(c, t, y);
            return s;
        }
        if (e instanceof Expr.Mul m) {
            double p = m.coef();
            for (Expr c : m.children()) p *= eval(c, t, y);
            return p;
        }
        if (e instanceof Expr.Hadamard h) {
            double p = 1;
            for (Expr c : h.factors()) p *= eval(c, t, y);
            return p;
        }
        if (e instanceof Expr.Power p) return Math.pow(eval(p.base(), t, y), eval(p.exponent(), t, y));
        if (e instanceof Expr.Apply ap && ap.fn().entrywise() != null) return ap.fn().entrywise().applyAsDouble(eval(ap.arg(), t, y));
        if (e instanceof Expr.Ones) return 1;
        throw new IllegalStateException("not a scalar statement: " + e);
    }

    synchronized double value(double t) {
        double k = Math.abs(t) / H;
        int i = (int) Math.floor(k);
        List<Double> side = t >= 0 ? up : down;
        if (Math.abs(t) > REACH || !grow(side, t >= 0, i + 1)) {
            throw MatcalcException.general("the stand-in for " + name + " (the solution of " + name + "'(u) = "
                    + stated.body() + " with " + name + "(0) = " + START + ") has no value at " + t
                    + ": it blows up or is out of the range matcalc solves it in (|u| ≤ " + (int) REACH + ")");
        }
        double sign = t >= 0 ? 1 : -1;
        double t0 = sign * i * H;
        double t1 = sign * (i + 1) * H;
        double y0 = side.get(i);
        double y1 = side.get(i + 1);
        double m0 = slope(t0, y0);
        double m1 = slope(t1, y1);
        double h = t1 - t0;
        double s = (t - t0) / h;
        double s2 = s * s;
        double s3 = s2 * s;
        return (2 * s3 - 3 * s2 + 1) * y0 + (s3 - 2 * s2 + s) * h * m0 + (-2 * s3 + 3 * s2) * y1 + (s3 - s2) * h * m1;
    }

    /** Extends the grid on one side to index {@code last}; false where the solution stops being finite. */
    private boolean grow(List<Double> side, boolean forward, int last) {
        while (side.size() <= last) {
            if (forward ? upEnds : downEnds) return false;
            int k = side.size() - 1;
            double step = forward ? H : -H;
            double t = k * step;
            double y = side.get(k);
            double k1 = slope(t, y);
            double k2 = slope(t + step / 2, y + step / 2 * k1);
            double k3 = slope(t + step / 2, y + step / 2 * k2);
            double k4 = slope(t + step, y + step * k3);
            double next = y + step / 6 * (k1 + 2 * k2 + 2 * k3 + k4);
            if (!Double.isFinite(next) || Math.abs(next) > 1e12) {
                if (forward) upEnds = true;
                else downEnds = true;
                return false;
            }
            side.add(next);
        }
        return true;
    }
}
