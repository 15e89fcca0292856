package matcalc.calculus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import matcalc.core.Expr;
import matcalc.core.Exprs;

/**
 * Writes a result with the user's named intermediates, as the slides do: wherever the body of a
 * definition (ŷ = softmax(W x + b)) occurs, its name takes its place. Top-down, so the largest
 * named piece wins.
 */
public final class Folding {
    private final Map<Expr, Expr> byBody = new HashMap<>();
    private final Map<Expr, Expr> memo = new HashMap<>();

    public Folding(Map<String, Expr> definitions) {
        definitions.forEach((name, body) -> {
            if (!(body instanceof Expr.Var) && !(body instanceof Expr.Num)) {
                byBody.putIfAbsent(body, Exprs.var(name, body.shape()));
            }
        });
    }

    public Expr fold(Expr e) {
        if (byBody.isEmpty()) return e;
        Expr done = memo.get(e);
        if (done != null) return done;
        Expr out = byBody.get(e);
        if (out == null) {
            List<Expr> kids = new ArrayList<>();
            for (Expr c : e.children()) kids.add(fold(c));
            out = Exprs.withChildren(e, kids);
        }
        memo.put(e, out);
        return out;
    }
}
