package matcalc.rewrite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * The built-in rule files and their compiled forms are read from the classes folder (or jar) that
 * matcalc's classes come from, not through the class loader (which first asks the JDK's loaders to
 * look through all of the JDK's modules: milliseconds of every start), and the bytes are the ones
 * the class loader gives. ShadedJarIT and ColdStartIT run the jar, where the same code reads the jar.
 */
class OwnResourceTest {
    @Test
    void theRuleFilesAreReadDirectlyAndAreTheClassLoadersBytes() throws IOException {
        for (String file : RuleWalkTest.ruleFiles()) {
            for (String path : new String[] {"rules/" + file, "rules/" + file + CompiledRules.SUFFIX}) {
                byte[] own = RuleSet.ownResource(path);
                assertNotNull(own, path + " is not read directly");
                try (InputStream in = RuleSet.class.getClassLoader().getResourceAsStream(path)) {
                    assertNotNull(in, path);
                    assertArrayEquals(in.readAllBytes(), own, path);
                }
            }
        }
        assertNull(RuleSet.ownResource("rules/no-such.rules"));
    }
}
