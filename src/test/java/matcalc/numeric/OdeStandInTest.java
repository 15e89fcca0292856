package matcalc.numeric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import matcalc.core.Elementwise;
import matcalc.shape.Context;
import matcalc.syntax.MatcalcException;
import org.junit.jupiter.api.Test;

/** The stand-in for h with a stated derivative solves the statement: against closed forms. */
class OdeStandInTest {

    static DoubleUnaryOperator[] solve(String statement) {
        Map<String, Elementwise> stated = new Context().let("test", statement).statedDerivatives();
        return OdeStandIn.solving(stated).get("h");
    }

    static void agrees(String statement, DoubleUnaryOperator exact) {
        DoubleUnaryOperator[] h = solve(statement);
        for (double t = -6; t <= 6; t += 0.37) {
            double want = exact.applyAsDouble(t);
            assertEquals(want, h[0].applyAsDouble(t), 1e-12 * (1 + Math.abs(want)), statement + " at " + t);
        }
    }

    @Test
    void tanhLikeSigmoidLikeAndExponentialStatementsGiveTheirSolutions() {
        double a = 0.5 * Math.log(3);   // atanh(0.5)
        agrees("h'(u) = 1 - h(u).^2", t -> Math.tanh(t + a));
        agrees("h'(u) = h(u) ⊙ (1 − h(u))", t -> 1 / (1 + Math.exp(-t)));
        agrees("h'(u) = h(u)", t -> 0.5 * Math.exp(t));
        agrees("h'(u) = cos(u)", t -> 0.5 + Math.sin(t));
    }

    @Test
    void theSlopeIsTheStatementAlongTheSolution() {
        DoubleUnaryOperator[] h = solve("h'(u) = 1 − h(u).^2");
        for (double t = -3; t <= 3; t += 0.5) {
            double v = h[0].applyAsDouble(t);
            assertEquals(1 - v * v, h[1].applyAsDouble(t), 1e-15);
            double fd = (h[0].applyAsDouble(t + 1e-5) - h[0].applyAsDouble(t - 1e-5)) / 2e-5;
            assertEquals(1 - v * v, fd, 1e-9);
        }
    }

    @Test
    void whereTheSolutionBlowsUpThereIsNoValueAndTheMessageSaysWhy() {
        DoubleUnaryOperator[] h = solve("h'(u) = 1 + h(u).^2");   // tan(u + atan 0.5): blows up at 1.107
        assertEquals(Math.tan(1 + Math.atan(0.5)), h[0].applyAsDouble(1), 1e-9);
        MatcalcException e = assertThrows(MatcalcException.class, () -> h[0].applyAsDouble(1.2));
        assertTrue(e.getMessage().contains("blows up"), e.getMessage());
    }
}
