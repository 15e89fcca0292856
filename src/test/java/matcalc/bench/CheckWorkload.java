package matcalc.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import matcalc.check.AnswerChecker;
import matcalc.check.Judgement;
import matcalc.check.ProblemSet;
import matcalc.syntax.MatcalcException;

/**
 * The checking benchmark's problems and answers (src/test/resources/bench/check-answers.txt): a
 * problems file for {@code matcalc grade} whose blocks also carry {@code right:} and {@code wrong:}
 * answers. Used by {@link CheckBenchmark} and by the test that the shared checker judges alike.
 */
public final class CheckWorkload {
    public static final String RESOURCE = "/bench/check-answers.txt";

    /** An answer to a problem, and whether the data file says it is right. */
    public record Answer(ProblemSet.Problem problem, String text, boolean right) {}

    /** The problems file (without the answers) and the answers in file order. */
    public record Workload(String problemsText, ProblemSet problems, List<Answer> answers) {
        public List<Answer> right() {
            return answers.stream().filter(Answer::right).toList();
        }

        public List<Answer> wrong() {
            return answers.stream().filter(a -> !a.right()).toList();
        }
    }

    private CheckWorkload() {}

    public static Workload load() {
        String text;
        try (InputStream in = Objects.requireNonNull(CheckWorkload.class.getResourceAsStream(RESOURCE), RESOURCE)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        StringBuilder problems = new StringBuilder();
        List<String[]> raw = new ArrayList<>();   // {problem, answer, "right"/"wrong"}
        String current = null;
        for (String line : text.split("\n", -1)) {
            if (line.startsWith("problem:")) current = line.substring("problem:".length()).strip();
            if (line.startsWith("right:") || line.startsWith("wrong:")) {
                int colon = line.indexOf(':');
                raw.add(new String[] {current, line.substring(colon + 1).strip(), line.substring(0, colon)});
            } else {
                problems.append(line).append('\n');
            }
        }
        ProblemSet set = ProblemSet.parse(RESOURCE, problems.toString());
        List<Answer> answers = new ArrayList<>();
        for (String[] r : raw) answers.add(new Answer(set.problems().get(r[0]), r[1], r[2].equals("right")));
        return new Workload(problems.toString(), set, answers);
    }

    /** The problems file of the given problems only, in the order of the data file, without comments. */
    public static String problemsText(java.util.Collection<String> ids) {
        List<String> lines = new ArrayList<>();
        for (String line : load().problemsText().split("\n", -1)) if (!line.startsWith("#")) lines.add(line);
        List<String> kept = new ArrayList<>();
        for (String block : String.join("\n", lines).split("\n\n")) {
            String b = block.replaceAll("^\n+|\n+$", "");
            for (String id : ids) {
                if ((b + "\n").contains("problem: " + id + "\n")) {
                    kept.add(b);
                    break;
                }
            }
        }
        return String.join("\n\n", kept) + "\n";
    }

    /** Checks an answer with the given checker (an answer that cannot be read throws, as in check). */
    public static Judgement check(AnswerChecker checker, Answer a) {
        ProblemSet.Problem p = a.problem();
        return checker.check(p.expr(), p.wrt(), a.text(), p.layout());
    }

    /**
     * Everything a user sees of a judgement (verdict, method, shapes, diagnosis, counterexample, the
     * number of points, the assumptions left out, the derivative), or the message of an answer that
     * cannot be read: two checks judge alike when these are equal.
     */
    public static String seen(AnswerChecker checker, Answer a) {
        try {
            Judgement j = check(checker, a);
            return String.join("\n", j.verdict().word(), j.method().word(), j.answer(), String.valueOf(j.answerExpr()),
                    j.answerShape(), String.valueOf(j.layout()), String.valueOf(j.diagnosis()),
                    String.valueOf(j.counterexample()), Integer.toString(j.points()), String.valueOf(j.unused()),
                    String.valueOf(j.expected().derivative().expr()), String.valueOf(j.expected().shape()));
        } catch (MatcalcException unreadable) {
            return "error: " + unreadable.getMessage();
        }
    }
}
