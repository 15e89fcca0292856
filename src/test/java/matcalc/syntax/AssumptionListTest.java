package matcalc.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;
import matcalc.Session;
import org.junit.jupiter.api.Test;

/** `assume a = b, c = d`: one statement per equation, each spanning its equation, wherever assumptions are read. */
class AssumptionListTest {
    @Test
    void oneAssumeStatesSeveralEquations() {
        List<Statement> all = Parsing.statements(new Source("t", "assume sum(y) = 1, sum(z) = 1; x: n"));
        assertEquals(3, all.size());
        assertEquals("sum(y) = 1", assertInstanceOf(Statement.Assume.class, all.get(0)).span().text());
        assertEquals("sum(z) = 1", assertInstanceOf(Statement.Assume.class, all.get(1)).span().text());
        // a single equation keeps its statement's span, as before
        assertEquals("assume sum(y) = 1", Parsing.statements(new Source("t", "assume sum(y) = 1")).get(0).span().text());
    }

    @Test
    void bothAssumptionsAreUsed() {
        String loss = "-sum(y ⊙ log(softmax(x))) - sum(z ⊙ log(softmax(x)))";
        String both = new Session().let("x, y, z: n").assume("sum(y) = 1, sum(z) = 1").derive(loss, "x").result().derivative()
                .display().toString();
        String separately = new Session().let("x, y, z: n").assume("sum(y) = 1").assume("sum(z) = 1").derive(loss, "x").result()
                .derivative().display().toString();
        assertEquals("(2 softmax(x) − z − y)ᵀ", both);
        assertEquals(separately, both);
    }
}
