package matcalc;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;

/**
 * A value: a scalar (1×1), a column vector (n×1) or a matrix, as rows. Immutable; the entries are
 * copied in and out.
 * <pre>
 * Matrix.of(new double[][] {{1, 2}, {3, 4}});   Matrix.column(0.5, -1);   Matrix.scalar(2)
 * </pre>
 */
public final class Matrix {
    private final double[][] rows;

    private Matrix(double[][] rows) {
        this.rows = rows;
    }

    /** The rows of a matrix; every row must have the same, non-zero length. */
    public static Matrix of(double[][] rows) {
        if (rows == null) throw new IllegalArgumentException("rows must not be null");
        if (rows.length == 0 || rows[0] == null || rows[0].length == 0) {
            throw new IllegalArgumentException("a matrix has at least one row and one column");
        }
        double[][] copy = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] == null || rows[i].length != rows[0].length) {
                throw new IllegalArgumentException("row " + (i + 1) + " has " + (rows[i] == null ? "no" : rows[i].length)
                        + " entries, row 1 has " + rows[0].length);
            }
            copy[i] = rows[i].clone();
        }
        return new Matrix(copy);
    }

    /** A column vector. */
    public static Matrix column(double... entries) {
        if (entries == null || entries.length == 0) throw new IllegalArgumentException("a vector has at least one entry");
        double[][] rows = new double[entries.length][];
        for (int i = 0; i < entries.length; i++) rows[i] = new double[] {entries[i]};
        return new Matrix(rows);
    }

    public static Matrix scalar(double value) {
        return new Matrix(new double[][] {{value}});
    }

    public int rows() {
        return rows.length;
    }

    public int cols() {
        return rows[0].length;
    }

    /** Entry (i, j), counted from 0. */
    public double get(int i, int j) {
        return rows[i][j];
    }

    public double[][] toArray() {
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) out[i] = rows[i].clone();
        return out;
    }

    DMatrixRMaj toEjml() {
        return new DMatrixRMaj(rows);
    }

    static Matrix fromEjml(DMatrixRMaj m) {
        double[][] out = new double[m.numRows][m.numCols];
        for (int i = 0; i < m.numRows; i++) for (int j = 0; j < m.numCols; j++) out[i][j] = m.get(i, j);
        return new Matrix(out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Matrix m && Arrays.deepEquals(rows, m.rows);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(rows);
    }

    @Override
    public String toString() {
        return Arrays.deepToString(rows);
    }
}
