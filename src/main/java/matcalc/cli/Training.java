package matcalc.cli;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The training run of the class-data-sharing archive (target/matcalc.jsa, made at package time by
 * {@code java -XX:ArchiveClassesAtExit=… -cp target/matcalc.jar matcalc.cli.Training}, which the
 * {@code matcalc} launcher then starts the JVM with): a few commands of every kind, run once through
 * {@link Main#run} and a piped REPL session, so that the classes they load are archived already
 * parsed and verified. Its output is thrown away; what it computes changes nothing the user sees
 * (the archive holds classes, not results).
 */
public final class Training {
    private Training() {
    }

    /** The commands; those reading example files run only where the files are (the project's root). */
    static List<String[]> commands() {
        List<String[]> commands = new ArrayList<>();
        commands.add(new String[] {"diff", "--wrt", "x", "softmax(x)"});
        commands.add(new String[] {"diff", "--let", "x: n; W: d x n; b, y: d", "--let", "ŷ = softmax(W x + b)",
                "--assume", "sum(y) = 1", "--wrt", "W", "-sum(y ⊙ log(softmax(W x + b)))"});
        commands.add(new String[] {"diff", "--steps", "--let", "x, w: n; y: scalar", "--wrt", "w", "(wᵀ x − y)^2"});
        commands.add(new String[] {"diff", "--format", "latex", "--let", "X: n x n; a, b: n", "--wrt", "X", "aᵀ inv(X) b"});
        commands.add(new String[] {"diff", "--format", "json", "--wrt", "x", "sum(exp(x))"});
        commands.add(new String[] {"diff", "--ascii", "--let", "W: d x n; x: n", "--wrt", "W", "W x"});
        commands.add(new String[] {"check", "--let", "x: n; W: d x n; b, y: d; ŷ = softmax(W x + b)", "--assume", "sum(y) = 1",
                "--wrt", "W", "--answer", "(y − ŷ) xᵀ", "-sum(y ⊙ log(softmax(W x + b)))"});
        commands.add(new String[] {"hessian", "--let", "x: n; A: m x n; b: m", "--wrt", "x", "0.5 norm(A x − b)^2"});
        commands.add(new String[] {"eval", "--let", "x: 3", "sum(x)"});
        commands.add(new String[] {"diff", "--wrt", "q", "sofmax(q)"});             // an error, with its caret
        commands.add(new String[] {"diff", "--wrt", "x", "--bogus", "sum(x)"});     // a bad option
        commands.add(new String[] {"--help"});
        commands.add(new String[] {"diff", "--help"});
        if (Files.isRegularFile(Path.of("examples/point.json"))) {
            commands.add(new String[] {"eval", "--at", "examples/point.json", "softmax(W x + b)"});
            commands.add(new String[] {"eval", "--format", "json", "--at", "examples/point.json", "W x + b"});
        }
        if (Files.isRegularFile(Path.of("examples/homework/problems.txt"))) {
            commands.add(new String[] {"grade", "examples/homework/problems.txt", "examples/homework/submissions.csv"});
        }
        return commands;
    }

    public static void main(String[] args) {
        PrintWriter nowhere = new PrintWriter(OutputStream.nullOutputStream(), true);
        for (String[] command : commands()) {
            Main.run(command, new ByteArrayInputStream(new byte[0]), nowhere, nowhere);
        }
        String session = "x: n; W: d x n; b, y: d\ny_hat = softmax(W x + b)\nassume sum(y) = 1\n"
                + "L = -sum(y .* log(y_hat))\nd/dW L\n:check (y - y_hat) x'\nsofmax(x)\n";
        new matcalc.repl.Repl().script(new ByteArrayInputStream(session.getBytes(StandardCharsets.UTF_8)), nowhere, nowhere);
        System.exit(0);
    }
}
