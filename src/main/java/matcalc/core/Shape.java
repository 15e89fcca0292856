package matcalc.core;

/** rows × cols. Scalars are 1×1, column vectors n×1, row vectors 1×n. */
public record Shape(Dim rows, Dim cols) {

    public static final Shape SCALAR = new Shape(Dim.ONE, Dim.ONE);

    public static Shape vector(Dim n) {
        return new Shape(n, Dim.ONE);
    }

    public static Shape matrix(Dim rows, Dim cols) {
        return new Shape(rows, cols);
    }

    public boolean isScalar() {
        return rows.isOne() && cols.isOne();
    }

    /** A column vector (n×1 with n not known to be 1). */
    public boolean isVector() {
        return cols.isOne() && !rows.isOne();
    }

    /** A row vector (1×n with n not known to be 1). */
    public boolean isRow() {
        return rows.isOne() && !cols.isOne();
    }

    public boolean isMatrix() {
        return !rows.isOne() && !cols.isOne();
    }

    public boolean isSquare() {
        return rows.equals(cols);
    }

    public Shape transpose() {
        return new Shape(cols, rows);
    }

    /** How people say it: "scalar", "vector of length n", "d×n". */
    public String describe() {
        if (isScalar()) return "scalar";
        if (isVector()) return "vector of length " + rows;
        if (isRow()) return "row vector 1×" + cols;
        return rows + "×" + cols;
    }

    @Override
    public String toString() {
        return rows + "×" + cols;
    }

    // equals and hashCode written out, with the values the record's own would give (31 h + h per
    // component, in order): the generated ones bootstrap method handles at first use, a visible
    // share of a cold start (ARCHITECTURE.md, the start path); RecordMethodsTest holds them equal
    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && java.util.Objects.equals(rows, s.rows) && java.util.Objects.equals(cols, s.cols);
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Objects.hashCode(rows) + java.util.Objects.hashCode(cols);
    }
}
