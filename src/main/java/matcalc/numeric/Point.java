package matcalc.numeric;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import matcalc.syntax.MatcalcException;
import matcalc.syntax.Names;
import org.ejml.data.DMatrixRMaj;

/**
 * Values for variables: matrices as lists of rows, vectors as flat lists, scalars as numbers.
 * Keys are names in either spelling (alpha or α, y_hat or ŷ).
 */
public final class Point {
    private final Map<String, DMatrixRMaj> values = new LinkedHashMap<>();

    /**
     * NaN and Infinity are read (to be refused by name, not with Jackson's words), and decimals as
     * written, so that 1e400 is reported as 1E+400 rather than as the Infinity it overflows to.
     */
    private static final class Reader {   // made on first use: the numeric check makes points but never reads JSON
        static final ObjectMapper MAPPER = JsonMapper.builder()
                .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .build();
    }

    public Point put(String name, DMatrixRMaj value) {
        values.put(Names.canonical(name), value);
        return this;
    }

    public Point put(String name, double scalar) {
        return put(name, new DMatrixRMaj(1, 1, true, scalar));
    }

    public DMatrixRMaj get(String name) {
        return values.get(name);
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public Map<String, DMatrixRMaj> values() {
        return values;
    }

    public static Point load(Path file) {
        Footprint.requireFile(file);   // a file too large for the heap is refused before it is read
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw MatcalcException.general("cannot read " + file + ": no such file");
        } catch (IOException e) {
            throw MatcalcException.io("cannot read", file, e);
        }
        return parse(file.toString(), text);
    }

    public static Point parse(String sourceName, String json) {
        JsonNode root;
        try {
            root = Reader.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            String where = loc == null ? "" : ":" + loc.getLineNr() + ":" + loc.getColumnNr();
            throw MatcalcException.general(sourceName + where + ": malformed JSON: " + jacksonMessage(e.getOriginalMessage()));
        }
        if (root == null || !root.isObject()) {
            throw MatcalcException.general(sourceName + ": expected a JSON object of values, like {\"x\": [1, 2], \"alpha\": 0.5}");
        }
        Point p = new Point();
        Iterator<Map.Entry<String, JsonNode>> it = root.properties().iterator();
        while (it.hasNext()) {
            var entry = it.next();
            p.put(entry.getKey(), value(sourceName, entry.getKey(), entry.getValue()));
        }
        return p;
    }

    /**
     * Jackson's message without its internals: "(start marker at [Source: REDACTED (…); line: 1,
     * column: 27])" becomes "(opened at line 1, column 27)".
     */
    public static String jacksonMessage(String message) {
        String m = message.replaceAll("start marker at \\[Source: [^;]*; line: (\\d+), column: (\\d+)\\]",
                "opened at line $1, column $2");
        m = m.replaceAll("\\s*at \\[Source: [^\\]]*\\]", "");
        int nl = m.indexOf('\n');
        return nl >= 0 ? m.substring(0, nl) : m;
    }

    private static DMatrixRMaj value(String src, String name, JsonNode v) {
        String where = src + ": value of \"" + name + "\"";
        if (v.isNumber()) return new DMatrixRMaj(1, 1, true, number(where, v, -1, -1));
        if (!v.isArray() || v.isEmpty()) {
            throw MatcalcException.general(where + " must be a number, a list of numbers (a vector) or a list of rows (a matrix)");
        }
        if (v.get(0).isArray()) {
            int rows = v.size();
            int cols = v.get(0).size();
            DMatrixRMaj m = new DMatrixRMaj(rows, cols);
            for (int i = 0; i < rows; i++) {
                JsonNode row = v.get(i);
                if (!row.isArray()) throw MatcalcException.general(where + ": row " + (i + 1) + " is not a list");
                if (row.size() != cols) {
                    throw MatcalcException.general(where + " is ragged: row " + (i + 1) + " has " + row.size()
                            + " entries, row 1 has " + cols);
                }
                for (int j = 0; j < cols; j++) m.set(i, j, number(where, row.get(j), i, j));
            }
            if (cols == 0) throw MatcalcException.general(where + " has empty rows");
            return m;
        }
        DMatrixRMaj m = new DMatrixRMaj(v.size(), 1);
        for (int i = 0; i < v.size(); i++) m.set(i, 0, number(where, v.get(i), i, -1));
        return m;
    }

    private static double number(String where, JsonNode n, int i, int j) {
        if (!n.isNumber()) {
            String pos = j < 0 ? "entry " + (i + 1) : "entry (" + (i + 1) + ", " + (j + 1) + ")";
            throw MatcalcException.general(where + ": " + pos + " is " + n + ", not a number");
        }
        double x = n.asDouble();
        if (!Double.isFinite(x)) {
            String pos = i < 0 ? "" : j < 0 ? ": entry " + (i + 1) : ": entry (" + (i + 1) + ", " + (j + 1) + ")";
            String text = n.isBigDecimal() ? n.decimalValue().toString() : n.asText();
            String why = Double.isNaN(x) ? "not a number" : n.isBigDecimal() ? "too large for a double (the largest is about 1.8e308)"
                    : "not a finite number";
            throw MatcalcException.general(where + pos + " is " + text + ", " + why + "; values must be finite numbers");
        }
        return x;
    }
}
