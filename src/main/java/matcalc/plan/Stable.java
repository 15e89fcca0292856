package matcalc.plan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import matcalc.core.Expr;
import matcalc.core.Exprs;
import matcalc.core.Fn;

/**
 * Rewrites an expression into forms whose floating-point evaluation stays finite where the value
 * is, before it is lowered: every log whose argument has a stable form ({@link matcalc.core.StableLog},
 * which the evaluator uses too: log(softmax(z)) as z − 𝟏 logsumexp(z) per column, log(σ(z)) as
 * logsigmoid(z), …) is replaced by it. The
 * emitters compute softmax and logsumexp with a max shift, softplus and logsigmoid through
 * logaddexp, and logdet through slogdet. Memoised over the DAG, so equal sub-expressions stay equal.
 */
public final class Stable {
    private final Map<Expr, Expr> memo = new HashMap<>();

    public Expr rewrite(Expr e) {
        Expr done = memo.get(e);
        if (done != null) return done;
        List<Expr> kids = new ArrayList<>();
        for (Expr c : e.children()) kids.add(rewrite(c));
        Expr out = Exprs.withChildren(e, kids);
        if (out instanceof Expr.Apply log && log.fn() == Fn.LOG) {
            Expr fused = matcalc.core.StableLog.of(log.arg());
            if (fused != null) out = fused;
        }
        memo.put(e, out);
        return out;
    }
}
