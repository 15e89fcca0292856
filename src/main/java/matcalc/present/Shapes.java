package matcalc.present;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import matcalc.core.Dim;
import matcalc.core.Shape;
import matcalc.numeric.Point;
import org.ejml.data.DMatrixRMaj;

/**
 * Shapes as results report them: each dimension a size where it is known (declared as a number,
 * or fixed by the values of a point) and its symbolic name otherwise. JSON writes them as
 * integers and strings: [3, 2], ["d", "n"], [1, "d"].
 */
public final class Shapes {
    private Shapes() {}

    /** The sizes the point fixes: each variable's value gives the sizes of its declared dimensions. */
    public static Map<String, Integer> sizes(Map<String, Shape> variables, Point point) {
        Map<String, Integer> out = new HashMap<>();
        if (point == null) return out;
        variables.forEach((name, shape) -> {
            if (!point.has(name)) return;
            DMatrixRMaj v = point.get(name);
            bind(shape.rows(), v.numRows, out);
            bind(shape.cols(), v.numCols, out);
        });
        return out;
    }

    private static void bind(Dim d, int size, Map<String, Integer> out) {
        if (d instanceof Dim.Sym s) out.putIfAbsent(s.name(), size);
    }

    /** Each dimension as an Integer where known, else its name. */
    public static List<Object> of(List<Dim> dims, Map<String, Integer> sizes) {
        List<Object> out = new ArrayList<>();
        for (Dim d : dims) {
            if (d instanceof Dim.Lit l) {
                out.add(l.size());
            } else if (d instanceof Dim.Sym s && sizes.containsKey(s.name())) {
                out.add(sizes.get(s.name()));
            } else if (d instanceof Dim.Prod p && p.symbols().stream().allMatch(s -> sizes.containsKey(s.name()))) {
                int size = p.coefficient();
                for (Dim.Sym s : p.symbols()) size *= sizes.get(s.name());
                out.add(size);
            } else {
                out.add(d.toString());
            }
        }
        return out;
    }

    public static List<Object> of(Shape s, Map<String, Integer> sizes) {
        return of(List.of(s.rows(), s.cols()), sizes);
    }

    /** d×n, or d x n in ASCII. */
    public static String text(List<?> dims, boolean ascii) {
        StringBuilder sb = new StringBuilder();
        for (Object d : dims) sb.append(sb.length() == 0 ? "" : ascii ? " x " : "×").append(d);
        return sb.toString();
    }
}
