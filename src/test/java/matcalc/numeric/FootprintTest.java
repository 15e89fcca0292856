package matcalc.numeric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import matcalc.cli.CliRun;
import matcalc.core.Expr;
import matcalc.shape.Context;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sizes whose intermediates cannot fit the heap are refused before anything is allocated, with the estimate. */
class FootprintTest {
    private static final long GB = 1_000_000_000L;

    private static Expr expr(String lets, String text) {
        return new Context().let("--let", lets).check("input", text).expr();
    }

    @Test
    void theEstimateCountsEveryDistinctIntermediateOnce() {
        Expr e = expr("x: n", "sum(x xᵀ) + sum(x xᵀ)");
        Map<String, Long> vars = new LinkedHashMap<>();
        long n = 100_000;
        // x once (n, the point's value); per term, as the evaluator keeps them by identity: xᵀ (n),
        // x xᵀ (n²), sum (1); the sum of the two (1)
        assertEquals(8 * (n + 2 * (n + n * n + 1) + 1), Footprint.bytes(Map.of("n", (int) n), vars, e));
        assertEquals(Map.of("x", 8 * n), vars);
        // LU works on a copy: det of a 1000×1000 X holds X, the copy and the 1×1 result
        assertEquals(8 * (2 * 1000 * 1000 + 1), Footprint.bytes(Map.of(), new LinkedHashMap<>(), expr("X: 1000 x 1000", "det(X)")));
    }

    @Test
    void aSizeThatCannotFitIsRefusedWithTheEstimateAndTheLimit() {
        // X, Xᵀ and X Xᵀ, 80 GB each
        Expr e = expr("X: 100000 x 100000", "sum(X Xᵀ)");
        String refusal = Footprint.refusal("evaluating this", Map.of(), 0, 6 * GB, 8 * GB, e);
        assertEquals("evaluating this at X: 100000×100000 needs about 240 GB; the heap has 6.0 GB free of 8.0 GB "
                + "(use smaller sizes, or give Java more with -Xmx)", refusal);
        assertNull(Footprint.refusal("evaluating this", Map.of(), 0, 6 * GB, 8 * GB, expr("X: 100 x 100", "sum(X Xᵀ)")));
        // the sizes a point gives symbolic dimensions count as declared ones do; 1e12 entries do not overflow
        Expr v = expr("x: n", "x xᵀ");
        assertTrue(Footprint.refusal("evaluating this", Map.of("n", 1_000_000), 0, 6 * GB, 8 * GB, v)
                .startsWith("evaluating this at x: 1000000 needs about 8.0 TB;"));
        assertEquals("512 bytes", Footprint.human(512));
        assertEquals("1.5 KB", Footprint.human(1500));
        assertEquals("80 GB", Footprint.human(80 * GB));
    }

    @Test
    void evalRefusesAnOuterProductTooLargeForTheHeap(@TempDir Path dir) throws IOException {
        Path point = dir.resolve("point.json");
        StringBuilder sb = new StringBuilder("{\"x\": [1");
        for (int i = 1; i < 200_000; i++) sb.append(",1");
        Files.writeString(point, sb.append("]}").toString());
        CliRun.Run r = CliRun.run("eval", "--let", "x: n", "--at", point.toString(), "sum(x xᵀ)");
        assertEquals(2, r.code());
        assertEquals("", r.out());
        assertTrue(r.err().matches("error: evaluating this at x: 200000 needs about 320 GB; the heap has [0-9.]+ [KMGT]?B "
                + "free of [0-9.]+ [KMGT]?B \\(use smaller sizes, or give Java more with -Xmx\\)\n"), r.err());
        // the same at a size that fits
        Files.writeString(point, "{\"x\": [1, 2]}");
        assertEquals("sum(x xᵀ) = 9\n", CliRun.run("eval", "--let", "x: n", "--at", point.toString(), "sum(x xᵀ)").out());
    }

    @Test
    void aPointFileTooLargeForTheHeapIsRefusedBeforeItIsRead() {
        assertEquals("reading point.json (1.5 GB) needs about 30 GB; the heap has 6.0 GB free of 8.0 GB "
                + "(use smaller values, or give Java more with -Xmx)",
                Footprint.fileRefusal(Path.of("point.json"), 1_500_000_000L, 6 * GB, 8 * GB));
        assertNull(Footprint.fileRefusal(Path.of("point.json"), 1_000_000L, 6 * GB, 8 * GB));
    }

    @Test
    void checkRefusesSizesWhosePointsCannotAllFit() {
        CliRun.Run r = CliRun.run("check", "--let", "X: 100000 x 100000", "--wrt", "X", "--answer", "3 X", "norm(X)^2");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().matches("error: checking the answer numerically at X: 100000×100000 needs about 1.2 TB; "
                + "the heap has .* \\(use smaller sizes, or give Java more with -Xmx\\)\n"), r.err());
        // a right answer is recognised symbolically, at any size
        assertEquals(0, CliRun.run("check", "--let", "X: 100000 x 100000", "--wrt", "X", "--answer", "2 X", "norm(X)^2").code());
    }

    @Test
    void aHugeDeclaredSizeIsNotCheckedNumericallyAndSaysWhy() {
        CliRun.Run r = CliRun.run("diff", "--let", "X: 100000 x 100000", "--wrt", "X", "norm(X)^2");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(List.of("∂/∂X ‖X‖^2", "  = 2 X"), lines.subList(0, 2));
        assertTrue(lines.get(2).matches("  shape 100000×100000 \\(numerator layout\\); NOT checked numerically: the check at "
                + "X: 100000×100000 needs about 640 GB; the heap has .* \\(use smaller sizes, or give Java more with -Xmx\\)"),
                lines.get(2));
    }
}
