package matcalc.numeric;

import java.util.ArrayList;
import java.util.List;
import matcalc.core.Shape;
import matcalc.core.Numbers;
import org.ejml.data.DMatrixRMaj;

/** Turning values into text and JSON-ready nested lists. */
public final class Values {
    private Values() {}

    /** [] for a scalar, [n] for a column vector, [r, c] otherwise (as the JSON output states shapes). */
    public static List<Integer> shapeList(Shape symbolic, DMatrixRMaj v) {
        if (symbolic.isScalar()) return List.of();
        if (symbolic.cols().isOne()) return List.of(v.numRows);
        return List.of(v.numRows, v.numCols);
    }

    /** A number, a flat list (column vector) or a list of rows, matching {@link #shapeList}. */
    public static Object nested(Shape symbolic, DMatrixRMaj v) {
        if (symbolic.isScalar()) return v.get(0, 0);
        if (symbolic.cols().isOne()) {
            List<Double> out = new ArrayList<>();
            for (int i = 0; i < v.numRows; i++) out.add(v.get(i, 0));
            return out;
        }
        return rows(v);
    }

    /** The rows of a matrix as lists (a 1×n value is [[…]], a d×n value d rows). */
    public static List<List<Double>> rows(DMatrixRMaj v) {
        List<List<Double>> rows = new ArrayList<>();
        for (int i = 0; i < v.numRows; i++) {
            List<Double> row = new ArrayList<>();
            for (int j = 0; j < v.numCols; j++) row.add(v.get(i, j));
            rows.add(row);
        }
        return rows;
    }

    /** Up to 10 significant digits, no trailing zeros. */
    public static String number(double x) {
        if (Double.isNaN(x) || Double.isInfinite(x)) return Double.toString(x);
        if (x == Math.rint(x) && Math.abs(x) < 1e15) return Numbers.format(x);
        String s = String.format(java.util.Locale.ROOT, "%.10g", x);
        if (s.contains("e")) {
            String[] parts = s.split("e");
            String mant = parts[0].contains(".") ? parts[0].replaceAll("0+$", "").replaceAll("\\.$", "") : parts[0];
            return mant + "e" + Integer.parseInt(parts[1]);
        }
        if (s.contains(".")) s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        return s;
    }

    /** Rows of aligned numbers, each line "[ a  b ]", indented by two spaces. */
    public static String grid(DMatrixRMaj v) {
        String[][] cells = new String[v.numRows][v.numCols];
        int[] width = new int[v.numCols];
        for (int i = 0; i < v.numRows; i++) {
            for (int j = 0; j < v.numCols; j++) {
                cells[i][j] = number(v.get(i, j));
                width[j] = Math.max(width[j], cells[i][j].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.numRows; i++) {
            sb.append("  [");
            for (int j = 0; j < v.numCols; j++) {
                sb.append(' ').append(" ".repeat(width[j] - cells[i][j].length())).append(cells[i][j]);
            }
            sb.append(" ]");
            if (i < v.numRows - 1) sb.append('\n');
        }
        return sb.toString();
    }
}
