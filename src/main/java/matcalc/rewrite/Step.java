package matcalc.rewrite;

import matcalc.core.Expr;

/** One rewrite that fired: which rule (or built-in normalisation), on what, giving what. */
public record Step(String rule, String origin, Expr before, Expr after) {}
