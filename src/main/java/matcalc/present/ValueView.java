package matcalc.present;

import java.util.List;
import org.ejml.data.DMatrixRMaj;

/**
 * A value at a point: one matrix, or for a tensor derivative its slices (∂f_i/∂W for each entry
 * of a vector f; ∂F_ij/∂X row by row for a matrix F, whose number of columns is {@code columnsOfF}).
 */
public record ValueView(List<DMatrixRMaj> slices, int columnsOfF) {
    public ValueView {
        slices = List.copyOf(slices);
    }

    public static ValueView of(DMatrixRMaj value) {
        return new ValueView(List.of(value), 1);
    }

    public DMatrixRMaj single() {
        return slices.get(0);
    }
}
