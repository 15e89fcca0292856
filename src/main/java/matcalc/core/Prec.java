package matcalc.core;

/**
 * The one precedence table both printers use, loosest first. It mirrors the grammar:
 * sums, then ⊙/⊘, then ⊗ (Kronecker), then products (juxtaposition, /), then postfix (ᵀ, ^), then atoms.
 */
public enum Prec {
    SUM, HADAMARD, KRON, PRODUCT, POSTFIX, ATOM;

    public boolean below(Prec other) {
        return compareTo(other) < 0;
    }
}
