package matcalc.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/** Runs the command line in-process through {@link Main#run}, for the tests of every command. */
public final class CliRun {
    private CliRun() {}

    /** What one run printed and returned. */
    public record Run(int code, String out, String err) {
        public JsonNode json() throws IOException {
            return new ObjectMapper().readTree(out);
        }
    }

    /** The arguments: strings, or arrays of strings spliced in. */
    public static Run run(Object... args) {
        List<String> a = new ArrayList<>();
        for (Object o : args) {
            if (o instanceof String[] many) a.addAll(List.of(many));
            else a.add(o.toString());
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        // an empty standard input: EXPR '-' reads it, and the test's own would block (as a terminal would wait)
        int code = Main.run(a.toArray(String[]::new), new java.io.ByteArrayInputStream(new byte[0]),
                new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString().replace(System.lineSeparator(), "\n"),
                err.toString().replace(System.lineSeparator(), "\n"));
    }
}
