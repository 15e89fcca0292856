package matcalc.calculus;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import matcalc.DerivativeResult;
import matcalc.core.Expr;
import matcalc.rewrite.Saturation;
import matcalc.rewrite.Simplifier;
import matcalc.syntax.MatcalcException;
import org.junit.jupiter.api.Test;

/**
 * Every golden derivative (golden/derivatives*.txt) with the simplifier alone and with equality
 * saturation after it: the result with saturation is never more expensive, by the extraction's
 * cost and by the simplifier's own size. The cases whose result changed are written as a table
 * "case | before | after" to target/saturation-changes.md (and printed), for review.
 */
class SaturationRegressionTest {
    @Test
    void everyGoldenResultIsUnchangedOrShorter() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(DerivationGoldenTest.FILE.getParent())) {
            s.filter(p -> p.getFileName().toString().matches("derivatives.*\\.txt")).sorted().forEach(files::add);
        }
        Simplifier sizes = new Simplifier(Engine.simplifyRules());
        StringBuilder table = new StringBuilder("| case | before | after | symbols, size before → after |\n| --- | --- | --- | --- |\n");
        List<String> worse = new ArrayList<>();
        int cases = 0;
        int changed = 0;
        for (Path f : files) {
            for (DerivationGoldenTest.Case c : DerivationGoldenTest.cases(Files.readAllLines(f, StandardCharsets.UTF_8))) {
                DerivativeResult before;
                DerivativeResult after;
                try {
                    before = Simplifier.withSaturation(false, () -> DerivationGoldenTest.derive(c));
                    after = Simplifier.withSaturation(true, () -> DerivationGoldenTest.derive(c));
                } catch (MatcalcException e) {
                    continue;   // a golden refusal: the same with or without saturation (DerivationGoldenTest checks it)
                }
                cases++;
                if (before.text().equals(after.text())) continue;
                changed++;
                Expr b = before.result().derivative().expr();
                Expr a = after.result().derivative().expr();
                String name = f.getFileName() + ":" + c.line() + " ∂/∂" + c.get("wrt") + " " + c.get("expr");
                table.append("| ").append(name).append(" | ").append(before.text()).append(" | ").append(after.text())
                        .append(" | ").append(Saturation.describeCost(b)).append(" → ").append(Saturation.describeCost(a)).append(" |\n");
                if (Saturation.compareCost(a, b) > 0 || sizes.cost(a) > sizes.cost(b)) {
                    worse.add(name + ": " + before.text() + "  became  " + after.text());
                }
            }
        }
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/saturation-changes.md"), table, StandardCharsets.UTF_8);
        System.out.println("SaturationRegressionTest: " + cases + " golden cases, " + changed + " changed\n" + table);
        assertTrue(cases > 100, "the golden files lost cases: " + cases);
        assertTrue(worse.isEmpty(), "results that got longer with equality saturation:\n" + String.join("\n", worse));
    }
}
