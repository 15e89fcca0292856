package matcalc.rewrite;

import matcalc.core.Expr;

/** What rule conditions ask about an expression: `?A symmetric`, `?β constant`, `?A square`. */
public interface Facts {
    boolean holds(Expr e, String property);

    /** Shape facts only; nothing is symmetric or constant unless it is structurally so. */
    Facts SHAPES = (e, property) -> Properties.structural(e, property);
}
