package matcalc.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The gradients of a K-layer network share their back-propagated δ's: the size of all K weight
 * gradients together (distinct nodes of the DAG) grows linearly in K, while the same results
 * written out as trees grow quadratically. Sizes are counted, not timed (timings are in the
 * benchmark, see README).
 */
class ScalingTest {
    @Test
    void allWeightGradientsTogetherGrowLinearly() {
        int s8 = DeepNetwork.dagSize(DeepNetwork.gradients(8).values());
        int s16 = DeepNetwork.dagSize(DeepNetwork.gradients(16).values());
        int s32 = DeepNetwork.dagSize(DeepNetwork.gradients(32).values());
        assertTrue(s16 <= 2.2 * s8 && s32 <= 2.2 * s16,
                "shared size should double when K doubles: K=8: " + s8 + ", 16: " + s16 + ", 32: " + s32);
        long t8 = DeepNetwork.treeSize(DeepNetwork.gradients(8).values());
        long t32 = DeepNetwork.treeSize(DeepNetwork.gradients(32).values());
        assertTrue(t32 > 10 * t8, "the unshared size should grow faster than linearly: " + t8 + " → " + t32);
    }
}
