package matcalc.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Replaces every occurrence of one sub-expression by another (memoised over the DAG). */
public final class Substitution {
    private Substitution() {}

    public static Expr replace(Expr e, Expr from, Expr to) {
        return go(e, from, to, new HashMap<>());
    }

    private static Expr go(Expr e, Expr from, Expr to, Map<Expr, Expr> memo) {
        if (e.equals(from)) return to;
        Expr done = memo.get(e);
        if (done != null) return done;
        List<Expr> kids = new ArrayList<>();
        for (Expr c : e.children()) kids.add(go(c, from, to, memo));
        Expr out = Exprs.withChildren(e, kids);
        memo.put(e, out);
        return out;
    }
}
