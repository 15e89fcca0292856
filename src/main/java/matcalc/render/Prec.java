package matcalc.render;

/**
 * The one precedence table both printers use, loosest first. It mirrors the grammar:
 * sums, then ⊙/⊘, then products (juxtaposition, /), then postfix (ᵀ, ^), then atoms.
 */
enum Prec {
    SUM, HADAMARD, PRODUCT, POSTFIX, ATOM;

    boolean below(Prec other) {
        return compareTo(other) < 0;
    }
}
