package matcalc.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link CsvRecords#fields}, the cut of a row without a Commons CSV parser per row, gives every
 * row it cuts the fields Commons CSV gives it: seeded random rows, both made of fields (quoted or
 * not, with doubled quotes, commas, spaces, tabs, line breaks, non-ASCII letters) and of random
 * characters.
 */
class CsvFieldsTest {
    private static final char[] ALPHABET = {'a', 'b', ' ', ',', '"', '\t', '\n', '\r', 'é', 'ŷ', '\u0001', 'x', ' '};

    @Test
    void everyRowItCutsHasTheFieldsCommonsCsvGivesIt() {
        Random random = new Random(20261203);
        int cut = 0;
        for (int n = 0; n < 20_000; n++) {
            String row = n % 2 == 0 ? structured(random) : noise(random);
            List<String> quick = CsvRecords.fields(row);
            if (quick == null) continue;
            cut++;
            CsvRecords.Csv slow = CsvRecords.commons(1, row);
            assertEquals(slow.problem() == null ? slow.fields() : slow.problem(), quick, "row: " + row.replace("\n", "\\n").replace("\r", "\\r"));
        }
        assertTrue(cut > 5_000, "too few rows cut: " + cut);
    }

    private static String structured(Random random) {
        StringBuilder sb = new StringBuilder();
        int fields = 1 + random.nextInt(4);
        for (int f = 0; f < fields; f++) {
            if (f > 0) sb.append(',');
            if (random.nextInt(3) == 0) sb.append(" ".repeat(random.nextInt(2)));
            boolean quoted = random.nextBoolean();
            if (quoted) sb.append('"');
            int length = random.nextInt(8);
            for (int i = 0; i < length; i++) {
                char c = ALPHABET[random.nextInt(ALPHABET.length)];
                if (c == '"' && quoted) sb.append('"');   // doubled inside a quoted field
                if (!quoted && (c == ',' || c == '\n' || c == '\r')) c = 'z';
                sb.append(c);
            }
            if (quoted) sb.append('"');
            if (random.nextInt(4) == 0) sb.append(random.nextBoolean() ? " " : "\t");
        }
        return sb.toString();
    }

    private static String noise(Random random) {
        StringBuilder sb = new StringBuilder();
        int length = 1 + random.nextInt(12);
        for (int i = 0; i < length; i++) sb.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        return sb.toString();
    }
}
