package matcalc.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's tables of rules are generated from rules/: for every file there, between the markers
 * {@code <!-- rules: FILE -->} and {@code <!-- end rules -->} stands exactly what RuleTable makes
 * of that file. With -Dgolden.update=true the README is rewritten.
 */
class RuleTableTest {
    static final Path README = Path.of("README.md");

    @Test
    void theReadmeTablesAreTheRuleFiles() throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        String updated = readme;
        for (String file : RuleWalkTest.ruleFiles()) {
            RuleSet rules = RuleSet.builtIn(file);
            String start = "<!-- rules: " + file + " -->\n";
            String end = "<!-- end rules -->";
            int i = updated.indexOf(start);
            assertTrue(i >= 0, "README has no " + start.strip());
            int j = updated.indexOf(end, i);
            updated = updated.substring(0, i + start.length()) + RuleTable.markdown(rules) + updated.substring(j);
        }
        if (Boolean.getBoolean("golden.update")) Files.writeString(README, updated, StandardCharsets.UTF_8);
        assertEquals(updated, readme, "the README's rule tables are stale: run with -Dgolden.update=true");
    }
}
