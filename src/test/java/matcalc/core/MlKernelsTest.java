package matcalc.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The kernels of softplus, logsigmoid, leakyrelu, elu and gelu against a reference computed in
 * 50-digit decimal arithmetic from their defining formulas, at edge values (large |x|, tiny |x|),
 * where the naive double formulas overflow, round to 0 or cancel.
 */
class MlKernelsTest {
    static final MathContext MC = new MathContext(50);
    static final double[] EDGES = {-800, -300, -40, -20, -3, -1, -1e-8, -1e-300, 0, 1e-300, 1e-8, 0.5, 1, 3, 20, 40, 300, 800};

    /** eˣ in 50 digits: halve x until small, sum the Taylor series, square back. */
    static BigDecimal exp(BigDecimal x) {
        int halvings = 0;
        BigDecimal y = x;
        while (y.abs().compareTo(new BigDecimal("0.001")) > 0) {
            y = y.divide(BigDecimal.valueOf(2), MC);
            halvings++;
        }
        BigDecimal sum = BigDecimal.ONE;
        BigDecimal term = BigDecimal.ONE;
        for (int k = 1; k < 30; k++) {
            term = term.multiply(y, MC).divide(BigDecimal.valueOf(k), MC);
            sum = sum.add(term, MC);
        }
        for (int i = 0; i < halvings; i++) sum = sum.multiply(sum, MC);
        return sum;
    }

    /** log x for x &gt; 0 in 50 digits: Newton's method on eʸ = x from the double's log. */
    static BigDecimal log(BigDecimal x) {
        // log x = log(m 10^e) = log m + e log 10 keeps eʸ in range for tiny and huge x
        int e = x.precision() - x.scale() - 1;
        BigDecimal m = x.movePointLeft(e);
        BigDecimal y = BigDecimal.valueOf(Math.log(m.doubleValue()));
        for (int i = 0; i < 6; i++) {
            BigDecimal ey = exp(y);
            y = y.add(m.subtract(ey, MC).divide(ey, MC), MC);
        }
        return y.add(LOG10.multiply(BigDecimal.valueOf(e), MC), MC);
    }

    static final BigDecimal LOG10 = new BigDecimal("2.3025850929940456840179914546843642076011014886288");

    /** log(1 + t) in 50 digits, by its series where 1 + t would round t away. */
    static BigDecimal log1p(BigDecimal t) {
        if (t.abs().compareTo(new BigDecimal("1e-6")) > 0) return log(BigDecimal.ONE.add(t, MC));
        BigDecimal sum = BigDecimal.ZERO;
        BigDecimal power = BigDecimal.ONE;
        for (int k = 1; k < 12; k++) {
            power = power.multiply(t, MC);
            BigDecimal term = power.divide(BigDecimal.valueOf(k), MC);
            sum = k % 2 == 1 ? sum.add(term, MC) : sum.subtract(term, MC);
        }
        return sum;
    }

    /** eˣ − 1 in 50 digits, by its series where eˣ would round to 1. */
    static BigDecimal expm1(BigDecimal x) {
        if (x.abs().compareTo(new BigDecimal("1e-3")) > 0) return exp(x).subtract(BigDecimal.ONE, MC);
        BigDecimal sum = BigDecimal.ZERO;
        BigDecimal term = BigDecimal.ONE;
        for (int k = 1; k < 20; k++) {
            term = term.multiply(x, MC).divide(BigDecimal.valueOf(k), MC);
            sum = sum.add(term, MC);
        }
        return sum;
    }

    static BigDecimal softplus(BigDecimal x) {
        return log1p(exp(x));
    }

    static void agrees(String name, DoubleUnaryOperator kernel, UnaryOperator<BigDecimal> reference, double[] xs) {
        agrees(name, kernel, reference, xs, 4);
    }

    /** Within ulps units in the last place of the reference (or below the smallest normal double). */
    static void agrees(String name, DoubleUnaryOperator kernel, UnaryOperator<BigDecimal> reference, double[] xs, double ulps) {
        for (double x : xs) {
            double want = reference.apply(new BigDecimal(x)).doubleValue();
            double got = kernel.applyAsDouble(x);
            double err = Math.abs(got - want);
            assertTrue(err <= ulps * Math.ulp(want) || err <= Double.MIN_NORMAL,
                    name + "(" + x + ") = " + got + ", want " + want + " (" + err / Math.ulp(want) + " ulp off)");
        }
    }

    @Test
    void softplusIsLogOfOnePlusExp() {
        agrees("softplus", Kernels::softplus, MlKernelsTest::softplus, EDGES);
        assertEquals(800, Kernels.softplus(800));   // log(1 + e⁸⁰⁰) overflows
        assertTrue(Kernels.softplus(-40) > 0);      // log(1 + e⁻⁴⁰) rounds to 0
    }

    @Test
    void logSigmoidIsLogOfSigmoid() {
        agrees("logsigmoid", Kernels::logSigmoid, x -> log1p(exp(x.negate())).negate(), EDGES);   // log σ(x) = −log(1 + e⁻ˣ)
        assertEquals(-800, Kernels.logSigmoid(-800));   // σ(−800) rounds to 0: log would be −∞
        assertTrue(Kernels.logSigmoid(40) < 0);
    }

    @Test
    void leakyReluHasSlopeOneHundredthBelowZero() {
        agrees("leakyrelu", Kernels::leakyRelu, x -> x.signum() > 0 ? x : x.multiply(new BigDecimal("0.01"), MC), EDGES);
        assertEquals(-8, Kernels.leakyRelu(-800), 1e-12);
    }

    @Test
    void eluIsExpMinusOneBelowZero() {
        agrees("elu", Kernels::elu, x -> x.signum() > 0 ? x : expm1(x), EDGES);
        assertEquals(-1, Kernels.elu(-800));
    }

    /** The tanh approximation as published: 0.5 x (1 + tanh(√(2/π)(x + 0.044715 x³))). */
    static BigDecimal gelu(BigDecimal x) {
        BigDecimal c = new BigDecimal("0.79788456080286535587989211986876373695171726232986");   // √(2/π)
        BigDecimal u = c.multiply(x.add(new BigDecimal("0.044715").multiply(x.pow(3), MC), MC), MC);
        BigDecimal e2u = exp(u.multiply(BigDecimal.valueOf(2), MC));
        BigDecimal tanh = e2u.subtract(BigDecimal.ONE, MC).divide(e2u.add(BigDecimal.ONE, MC), MC);
        // 1 + tanh u = 2 e²ᵘ / (e²ᵘ + 1), exact where tanh u is near −1
        BigDecimal onePlusTanh = e2u.multiply(BigDecimal.valueOf(2), MC).divide(e2u.add(BigDecimal.ONE, MC), MC);
        assertTrue(onePlusTanh.subtract(BigDecimal.ONE.add(tanh, MC), MC).abs().compareTo(new BigDecimal("1e-40")) < 0);
        return new BigDecimal("0.5").multiply(x, MC).multiply(onePlusTanh, MC);
    }

    /**
     * gelu(x) for x &lt; 0 is about x e^v, v = 2√(2/π)(x + 0.044715 x³): an error of ε in v is one of |v| ε
     * in the value, so below −5 (|v| up to 50 at −8) the kernel is held to 64 ulp instead of 4.
     */
    @Test
    void geluIsTheTanhApproximation() {
        agrees("gelu", Kernels::gelu, MlKernelsTest::gelu, new double[] {-8, -5, -3, -1, -1e-8, 0, 1e-8, 0.5, 1, 3, 5, 8, 40}, 64);
        assertEquals(800, Kernels.gelu(800));
        assertEquals(0, Kernels.gelu(-800), 0);
        assertTrue(Kernels.gelu(-5) < 0);   // 0.5 x (1 + tanh u) in doubles keeps few digits here; x σ(2u) keeps them all
    }
}
