package matcalc.hostile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeded generators of hostile input for the command line and the REPL: random bytes and Unicode,
 * mutations of valid expressions, deep nesting, huge sums, malformed JSON points and CSV rows,
 * contradictory declarations, values outside a function's domain, bad options. One generator
 * serves the suite ({@code HostileInputTest}, small sizes) and the long campaign
 * ({@code matcalc.bench.HostileCampaign}, which also draws the large sizes now and then).
 * Everything is a function of the {@link Random} passed in, so a seed reproduces a case.
 */
public final class HostileInputs {
    /** What kind of hostility a case has; the campaign counts by it. */
    public enum Category {
        RANDOM_BYTES, UNICODE, MUTATION, VALID, DEEP_NESTING, HUGE_SUM, JSON_POINT, CSV_ROWS, PROBLEMS_FILE,
        CONTRADICTORY, OUT_OF_DOMAIN, OPTIONS, REPL_LINE
    }

    /**
     * One command line. {@code files} maps a file name to its content (bytes as ISO-8859-1 chars, so
     * that any byte can be written); an argument {@code @name} stands for that file's path.
     */
    public record Case(Category category, List<String> args, Map<String, String> files) {
        /** A shell-like line for a reproducer. */
        public String describe() {
            StringBuilder sb = new StringBuilder("matcalc");
            for (String a : args) sb.append(' ').append(quote(a));
            for (var f : files.entrySet()) {
                sb.append("\n--- file ").append(f.getKey()).append(" (").append(f.getValue().length()).append(" bytes) ---\n")
                        .append(f.getValue().length() > 4000 ? f.getValue().substring(0, 4000) + "…" : f.getValue());
            }
            return sb.toString();
        }
    }

    /**
     * How large the large cases get and how often. {@code derivedLimit}: nesting or sums larger than
     * this go to {@code eval} (parse, shapes, values) rather than to a command that derives them;
     * {@code heavy}: also sizes whose values take long to fill (a 10,000×10,000 matrix).
     */
    public record Sizes(int maxDepth, int maxTerms, int largeOdds, int costlyPercent, int derivedLimit, boolean heavy) {
        /**
         * The suite: up to 2,000 levels of parentheses or transposes, function nesting and sums kept
         * to what derives in well under a second (issue 10's speed work is not in yet: a Hessian of
         * σ nested 40 deep takes minutes), one case in four large.
         */
        public static final Sizes SUITE = new Sizes(2_000, 300, 4, 100, 12, false);
        /**
         * The campaign: up to 100,000 levels and 20,000 terms, one case in a thousand; of the REPL lines
         * that take long (nesting, sums, derivatives: up to seconds each), one in ten is kept, so that
         * the bulk is cheap and a million inputs fit in an hour.
         */
        public static final Sizes CAMPAIGN = new Sizes(100_000, 20_000, 1000, 10, Integer.MAX_VALUE, true);

        boolean large(Random r) {
            return r.nextInt(largeOdds) == 0;
        }
    }

    /** A problem the generators start from: declarations, an expression, a variable. */
    record Seed(String lets, String expr, String wrt) {}

    static final List<Seed> SEEDS = List.of(
            new Seed("x: n; W: d x n; b, y: d", "-sum(y ⊙ log(softmax(W x + b)))", "W"),
            new Seed("x, y: n", "x ⊙ y", "x"),
            new Seed("x, w: n; y: scalar", "(wᵀ x − y)^2", "w"),
            new Seed("x: n", "softmax(x)", "x"),
            new Seed("x: n; A: n x n", "xᵀ A x", "x"),
            new Seed("A: n x n symmetric; x: n", "x' A x", "x"),
            new Seed("X: n x m; S: n x n spd", "logdet(Xᵀ S X)", "X"),
            new Seed("x: n", "log(sum(exp(x)))", "x"),
            new Seed("x: n; α: scalar", "sum(x.^exp(α))", "α"),
            new Seed("W: 3 x 2", "det(W)", "W"),
            new Seed("A: n x n", "tr(inv(A))", "A"),
            new Seed("x: n", "norm(x)^2 + sum(sqrt(x .* x))", "x"),
            new Seed("x: n; W1: k x n; b1: k; W2: d x k; b2: d", "sum(tanh(W2 σ(W1 x + b1) + b2))", "W1"),
            new Seed("x, y: n", "dot(x, y) + ‖x‖", "x"),
            new Seed("x: n; A: n x n; u = A x", "sum(relu(u) ⊙ abs(u))", "A"),
            new Seed("y: n; α, β: scalar", "α y − β y", "α,β"),
            new Seed("X: n x n spd", "logdet(X) + log(det(X))", "X"),
            new Seed("x: n", "diag(x) 𝟏", "x"),
            // issue 11: activations, batches, your own functions, vec and ⊗
            new Seed("x, y: n", "sum(softplus(x) − y ⊙ x + gelu(x) + logσ(x) + elu(x) + leakyrelu(x))", "x"),
            new Seed("X: n x B; W: d x n; b: d; Y: d x B; N: scalar", "-sum(Y ⊙ log(softmax(W X + b 𝟏ᵀ))) / N", "W,b"),
            new Seed("x: n; W: d x n; b: d; f(u) = u ⊙ σ(u)", "sum(f(W x + b))", "W"),
            new Seed("x: n; h'(u) = 1 − h(u).^2", "sum(h(x))", "x"),
            new Seed("X: n x m; A: n x n; B: m x m", "vec(X)ᵀ (B ⊗ A) vec(X)", "X"),
            // the commutation matrix K_{m,n}, and a matrix inside ⊗
            new Seed("X: n x m; A: m x n; B: p x q", "vec(A)ᵀ K_{n,m} vec(X) + sum(B ⊗ X)", "X"));

    private static final String OPERATORS = "()[]{}+-−*/^ᵀ'⊙.,;:=|‖𝟏∂σ√Σ0123456789 xyzWAbSXαβnmd_\\\"@#$%&!?<>~`";
    private static final String[] NAMES = {"x", "y", "W", "A", "b", "S", "X", "α", "β", "n", "m", "d", "ŷ", "u", "h1",
            "𝟏", "I", "Exception", "σ", "exp", "log", "softmax", "det", "inv", "logdet", "tr", "diag", "sum", "norm"};
    private static final String[] FUNCTIONS = {"exp", "log", "σ", "tanh", "softmax", "sum", "sqrt", "abs", "relu", "diag", "tr",
            "det", "inv", "logdet", "norm", "h", "g", "f_unknown", "sin", "softplus", "gelu", "logσ", "vec", "max"};

    private HostileInputs() {}

    /** Draws a command-line case; the sizes say how large and how often large the large ones are. */
    public static Case next(Random r, Sizes sizes) {
        int k = r.nextInt(100);
        if (k < 14) return expressionCase(r, Category.RANDOM_BYTES, randomBytes(r, 1 + r.nextInt(40)));
        if (k < 26) return expressionCase(r, Category.UNICODE, randomUnicode(r, 1 + r.nextInt(30)));
        if (k < 50) return expressionCase(r, Category.MUTATION, mutate(r, seed(r).expr()));
        if (k < 55) return expressionCase(r, Category.VALID, seed(r).expr());
        if (k < 58) return bigCase(r, Category.DEEP_NESTING, deep(r, sizes), sizes);
        if (k < 61) return bigCase(r, Category.HUGE_SUM, hugeSum(r, sizes), sizes);
        if (k < 71) return jsonPointCase(r);
        if (k < 78) return csvCase(r);
        if (k < 80) return problemsCase(r);
        if (k < 86) return contradictory(r, sizes);
        if (k < 92) return outOfDomain(r);
        return options(r);
    }

    static Seed seed(Random r) {
        return SEEDS.get(r.nextInt(SEEDS.size()));
    }

    // ---------------------------------------------------------------- text

    /** Bytes 1…255 read as ISO-8859-1 (no line breaks: the REPL would split them). */
    static String randomBytes(Random r, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            char c = (char) (1 + r.nextInt(255));
            sb.append(c == '\n' || c == '\r' ? ' ' : c);
        }
        return sb.toString();
    }

    /** Code points from every plane, including unpaired surrogates, combining marks and RTL marks. */
    static String randomUnicode(Random r, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int kind = r.nextInt(6);
            int cp = switch (kind) {
                case 0 -> 0x20 + r.nextInt(0x5F);
                case 1 -> 0xA0 + r.nextInt(0x2F00);
                case 2 -> 0x2000 + r.nextInt(0x2000);            // punctuation, super/subscripts, math operators
                case 3 -> 0x1D400 + r.nextInt(0x400);            // mathematical alphanumerics
                case 4 -> r.nextInt(0x110000);
                default -> OPERATORS.codePointAt(OPERATORS.offsetByCodePoints(0, r.nextInt(OPERATORS.codePointCount(0, OPERATORS.length()))));
            };
            if (cp == '\n' || cp == '\r' || cp == 0x85 || cp == 0x2028 || cp == 0x2029) cp = ' ';
            if (kind == 4 && r.nextInt(10) == 0) sb.append((char) (0xD800 + r.nextInt(0x800)));   // a lone surrogate
            else sb.appendCodePoint(cp);
        }
        return sb.toString();
    }

    /** One to four edits of a valid expression: delete, insert, duplicate, swap, truncate, rename. */
    static String mutate(Random r, String s) {
        int edits = 1 + r.nextInt(4);
        for (int e = 0; e < edits; e++) {
            int[] cps = s.codePoints().toArray();
            int n = cps.length;
            int at = n == 0 ? 0 : r.nextInt(n);
            StringBuilder sb = new StringBuilder();
            switch (r.nextInt(7)) {
                case 0 -> { for (int i = 0; i < n; i++) if (i != at) sb.appendCodePoint(cps[i]); }
                case 1 -> {
                    for (int i = 0; i < n; i++) {
                        if (i == at) sb.appendCodePoint(OPERATORS.codePointAt(OPERATORS.offsetByCodePoints(0,
                                r.nextInt(OPERATORS.codePointCount(0, OPERATORS.length())))));
                        sb.appendCodePoint(cps[i]);
                    }
                }
                case 2 -> {
                    int to = at + r.nextInt(Math.max(1, n - at));
                    String piece = new String(cps, at, Math.max(0, Math.min(n, to) - at));
                    sb.append(new String(cps, 0, at)).append(piece).append(new String(cps, at, n - at));
                }
                case 3 -> {
                    int other = n == 0 ? 0 : r.nextInt(n);
                    for (int i = 0; i < n; i++) sb.appendCodePoint(i == at ? cps[other] : i == other ? cps[at] : cps[i]);
                }
                case 4 -> sb.append(new String(cps, 0, at));
                case 5 -> sb.append(s.replaceFirst("[A-Za-zα-ω]+", NAMES[r.nextInt(NAMES.length)]));
                default -> sb.append(FUNCTIONS[r.nextInt(FUNCTIONS.length)]).append('(').append(s).append(r.nextBoolean() ? ")" : "");
            }
            s = sb.toString();
        }
        return s;
    }

    /** Nesting: parentheses, functions, transposes or sums, mostly shallow, now and then up to sizes.maxDepth. */
    static String deep(Random r, Sizes sizes) {
        int depth = sizes.large(r) ? 1 + r.nextInt(sizes.maxDepth()) : 1 + r.nextInt(Math.min(200, sizes.maxDepth()));
        String open;
        String close;
        switch (r.nextInt(6)) {
            case 0 -> { open = "("; close = ")"; }
            case 1 -> { open = "exp("; close = ")"; }
            case 2 -> { open = "sum("; close = ")"; }
            case 3 -> { open = "σ("; close = ")"; }
            case 4 -> { open = ""; close = "ᵀ"; }
            default -> { open = "-("; close = ")"; }
        }
        boolean cheapLevels = open.equals("(") || open.isEmpty();
        if (!cheapLevels) depth = Math.min(depth, sizes.derivedLimit());
        String core = r.nextBoolean() ? "x" : "xᵀ x";
        StringBuilder sb = new StringBuilder(depth * (open.length() + close.length()) + core.length());
        sb.append(open.repeat(depth)).append(core);
        int closing = r.nextInt(20) == 0 ? depth - 1 : depth;    // now and then one short
        sb.append(close.repeat(Math.max(0, closing)));
        return sb.toString();
    }

    /** x + x + …, (xᵀ y) + …, v0 + v1 + …, products x ⊙ x ⊙ …: up to sizes.maxTerms terms. */
    static String hugeSum(Random r, Sizes sizes) {
        int terms = sizes.large(r) ? 1 + r.nextInt(sizes.maxTerms()) : 1 + r.nextInt(Math.min(100, sizes.maxTerms()));
        int kind = r.nextInt(4);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < terms; i++) {
            if (i > 0) sb.append(kind == 3 ? " ⊙ " : " + ");
            sb.append(switch (kind) {
                case 0 -> "x";
                case 1 -> "(xᵀ y)";
                case 2 -> "v" + i;
                default -> "x";
            });
        }
        return kind == 3 ? "sum(" + sb + ")" : kind == 2 ? sb.toString() : "sum(" + sb + ")";
    }

    // ---------------------------------------------------------------- command lines

    private static final String[] COMMANDS = {"eval", "diff", "check", "hessian"};

    /** A nested or long expression: derived only when it is within sizes.derivedLimit, else evaluated. */
    static Case bigCase(Random r, Category category, String expr, Sizes sizes) {
        boolean big = expr.length() > 8L * sizes.derivedLimit();
        return big ? expressionCase(r, category, expr, "eval") : expressionCase(r, category, expr);
    }

    static Case expressionCase(Random r, Category category, String expr) {
        Seed s = seed(r);   // drawn before the command, so that a campaign's seeds draw the same cases
        return expressionCase(r, category, expr, COMMANDS[r.nextInt(COMMANDS.length)], s);
    }

    static Case expressionCase(Random r, Category category, String expr, String command) {
        return expressionCase(r, category, expr, command, seed(r));
    }

    private static Case expressionCase(Random r, Category category, String expr, String command, Seed s) {
        List<String> a = new ArrayList<>();
        a.add(command);
        Map<String, String> files = new LinkedHashMap<>();
        if (r.nextInt(3) > 0) {
            a.add("--let");
            a.add(r.nextInt(8) == 0 ? mutate(r, s.lets()) : s.lets());
        }
        if (!command.equals("eval")) {
            a.add("--wrt");
            a.add(r.nextInt(10) == 0 ? mutate(r, s.wrt()) : command.equals("hessian") ? "x" : s.wrt());
        }
        if (command.equals("check")) {
            a.add("--answer");
            a.add(r.nextBoolean() ? mutate(r, s.expr()) : expr);
        }
        if (command.equals("eval") || r.nextInt(4) == 0) {
            a.add("--at");
            a.add("@point.json");
            files.put("point.json", point(r));
        }
        if (r.nextInt(5) == 0) a.add(r.nextBoolean() ? "--ascii" : "--format=" + (r.nextBoolean() ? "json" : "latex"));
        if (expr.startsWith("-") && r.nextBoolean()) a.add("--");
        a.add(expr);
        return new Case(category, a, files);
    }

    /** A JSON point: mostly for the usual names, often malformed. */
    static String point(Random r) {
        int n = 1 + r.nextInt(4);
        StringBuilder sb = new StringBuilder("{");
        String[] vars = {"x", "y", "b", "W", "A", "X", "S", "w", "α"};
        int count = r.nextInt(5);
        for (int i = 0; i < count; i++) {
            if (i > 0) sb.append(", ");
            sb.append('"').append(vars[r.nextInt(vars.length)]).append("\": ").append(value(r, n, 0));
        }
        sb.append('}');
        String s = sb.toString();
        return switch (r.nextInt(12)) {
            case 0 -> s.substring(0, r.nextInt(s.length() + 1));                     // truncated
            case 1 -> mutate(r, s);
            case 2 -> "[".repeat(1 + r.nextInt(5000));                                // deep and unclosed
            case 3 -> "{\"x\": " + "[".repeat(1 + r.nextInt(3000)) + "1" + "]".repeat(1 + r.nextInt(3000)) + "}";
            case 4 -> randomBytes(r, r.nextInt(60));
            case 5 -> "";
            default -> s;
        };
    }

    private static String value(Random r, int n, int depth) {
        switch (r.nextInt(depth > 1 ? 3 : 8)) {
            case 0: return number(r);
            case 1: return r.nextBoolean() ? "\"1\"" : r.nextBoolean() ? "null" : "true";
            case 2: return "[]";
            default:
                StringBuilder sb = new StringBuilder("[");
                int len = r.nextInt(6) == 0 ? r.nextInt(6) : n;                       // sometimes ragged
                for (int i = 0; i < len; i++) {
                    if (i > 0) sb.append(", ");
                    sb.append(depth == 0 && r.nextBoolean() ? value(r, n, depth + 1) : number(r));
                }
                return sb.append(']').toString();
        }
    }

    private static String number(Random r) {
        return switch (r.nextInt(14)) {
            case 0 -> "NaN";
            case 1 -> "Infinity";
            case 2 -> "-1e400";
            case 3 -> "1e308";
            case 4 -> "0";
            case 5 -> "-0.0";
            case 6 -> "1e-320";
            case 7 -> "123456789012345678901234567890";
            case 8 -> "0x1F";
            default -> Double.toString(Math.round((r.nextGaussian() * 3) * 100) / 100.0);
        };
    }

    static Case jsonPointCase(Random r) {
        Seed s = seed(r);
        String command = r.nextBoolean() ? "eval" : r.nextBoolean() ? "diff" : "hessian";
        List<String> a = new ArrayList<>(List.of(command, "--let", s.lets(), "--at", "@point.json"));
        if (!command.equals("eval")) a.addAll(List.of("--wrt", command.equals("hessian") ? "x" : s.wrt()));
        a.add(s.expr());
        return new Case(Category.JSON_POINT, a, Map.of("point.json", point(r)));
    }

    static final String PROBLEMS = "problem: p1\nlet: x, y: n\nexpr: x ⊙ y\nwrt: x\n\n"
            + "problem: p2\npoints: 2\nlet: x: n\nexpr: sum(exp(x))\nwrt: x\n";

    private static final String[] ANSWERS = {"diag(y)", "y", "diag(y)ᵀ", "-diag(y)", "2 diag(y)", "exp(x)ᵀ", "exp(x)", "0",
            "", "diag(y", "\"dot(x, y)\"", "\"line one\nline two\"", "\"\"\"quoted\"\"\"", "exp(x)ᵀ ⊙ 𝟏ᵀ"};

    /** A submissions CSV with broken rows among good ones. */
    static Case csvCase(Random r) {
        StringBuilder sb = new StringBuilder();
        if (r.nextInt(10) == 0) sb.append('\uFEFF');
        sb.append(r.nextInt(15) == 0 ? "name,question,text" : "student,problem,answer").append(r.nextInt(5) == 0 ? "\r\n" : "\n");
        int rows = r.nextInt(5);
        for (int i = 0; i < rows; i++) {
            String student = r.nextInt(10) == 0 ? "" : "s" + r.nextInt(4);
            String problem = r.nextInt(8) == 0 ? "p" + r.nextInt(9) : r.nextBoolean() ? "p1" : "p2";
            String answer = ANSWERS[r.nextInt(ANSWERS.length)];
            String row = switch (r.nextInt(10)) {
                case 0 -> student + "," + problem + ",\"" + answer;                         // an unterminated quote
                case 1 -> student + "," + problem;                                          // too few columns
                case 2 -> student + "," + problem + "," + answer + ",extra";                // too many
                case 3 -> mutate(r, student + "," + problem + "," + answer);
                case 4 -> randomBytes(r, r.nextInt(30));
                case 5 -> student + "," + problem + ",\"" + answer + "\"x";                 // text after the closing quote
                default -> student + "," + problem + "," + answer;
            };
            sb.append(row).append(r.nextInt(5) == 0 ? "\r\n" : "\n");
        }
        List<String> a = new ArrayList<>(List.of("grade", "@problems.txt", "@submissions.csv", "--threads", "1", "--no-progress"));
        if (r.nextInt(4) == 0) a.addAll(List.of("--json", "@out.json"));
        if (r.nextInt(4) == 0) a.addAll(List.of("--csv", "@out.csv"));
        Map<String, String> files = new LinkedHashMap<>();
        files.put("problems.txt", PROBLEMS);
        files.put("submissions.csv", sb.toString());
        return new Case(Category.CSV_ROWS, a, files);
    }

    /** A problems file with broken blocks. */
    static Case problemsCase(Random r) {
        String problems = r.nextInt(3) == 0 ? randomBytes(r, r.nextInt(80)) : mutate(r, PROBLEMS);
        return new Case(Category.PROBLEMS_FILE, List.of("grade", "@problems.txt", "@submissions.csv", "--threads", "1", "--no-progress"),
                Map.of("problems.txt", problems, "submissions.csv", "student,problem,answer\ns,p1,diag(y)\ns,p2,exp(x)ᵀ\n"));
    }

    private static final String[][] CONTRADICTIONS = {
            {"x: n; x: m", "sum(x)", "x"},
            {"A: n x n symmetric; A: n x m", "tr(A)", "A"},
            {"x: 3; y: 4", "x ⊙ y", "x"},
            {"W: 3 x 2", "det(W)", "W"},
            {"W: 3 x 2", "inv(W)", "W"},
            {"A: n x n diagonal; A: n x n spd", "logdet(A)", "A"},
            {"x: n; u = x; u: m", "sum(u)", "x"},
            {"x: n; α: scalar", "x.^exp(α)", "α"},
            {"x: scalar; x: n", "x", "x"},
            {"n: 3", "n", "n"},
            {"x: 0", "sum(x)", "x"},
            {"x: -1 x 2", "sum(x)", "x"},
            {"x: n; u = u + x", "sum(u)", "x"},
            {"x: n; u = v; v = u", "sum(u)", "x"},
    };

    /** Sizes whose values cannot fit or take long to fill: drawn only as a large case. */
    private static final String[][] HEAVY = {
            {"x: 99999999999 x 99999999999", "sum(x)", "x"},
            {"X: 10000 x 10000", "norm(X)^2", "X"},
            {"X: 3000 x 3000", "logdet(X)", "X"},
    };

    static Case contradictory(Random r, Sizes sizes) {
        String[] c = sizes.heavy() && sizes.large(r) ? HEAVY[r.nextInt(HEAVY.length)] : CONTRADICTIONS[r.nextInt(CONTRADICTIONS.length)];
        String command = COMMANDS[r.nextInt(COMMANDS.length)];
        List<String> a = new ArrayList<>(List.of(command, "--let", c[0]));
        if (!command.equals("eval")) a.addAll(List.of("--wrt", c[2]));
        if (command.equals("check")) a.addAll(List.of("--answer", c[1]));
        Map<String, String> files = new LinkedHashMap<>();
        if (command.equals("eval") || r.nextBoolean()) {
            a.addAll(List.of("--at", "@point.json"));
            files.put("point.json", r.nextBoolean() ? "{\"x\": [1, 2, 3], \"y\": [1, 2], \"W\": [[1, 2], [3, 4], [5, 6]], \"α\": 0.5}"
                    : "{\"A\": [[1, 2], [3, 4]], \"x\": [1, 1], \"X\": [[1, 0], [0, 1]]}");
        }
        if (r.nextInt(3) == 0) a.addAll(List.of("--assume", r.nextBoolean() ? "sum(y) = 1" : "sum(x) = 2"));
        a.add(c[1]);
        return new Case(Category.CONTRADICTORY, a, files);
    }

    private static final String[][] DOMAINS = {
            {"x: n", "sum(log(x))", "{\"x\": [1, -2, 3]}"},
            {"x: n", "sum(sqrt(x))", "{\"x\": [0, -1]}"},
            {"A: n x n", "logdet(A)", "{\"A\": [[0, 1], [1, 0]]}"},
            {"A: n x n", "tr(inv(A))", "{\"A\": [[1, 2], [2, 4]]}"},
            {"A: n x n symmetric; x: n", "xᵀ A x", "{\"A\": [[1, 2], [3, 4]], \"x\": [1, 1]}"},
            {"A: n x n spd", "logdet(A)", "{\"A\": [[1, 0], [0, -1]]}"},
            {"Q: n x n orthogonal", "tr(Q)", "{\"Q\": [[1, 1], [0, 1]]}"},
            {"D: n x n diagonal", "tr(D)", "{\"D\": [[1, 1], [0, 1]]}"},
            {"x: n", "log(sum(exp(x)))", "{\"x\": [1000, 2]}"},
            {"x: n", "sum(x)", "{\"x\": [1, 1e400]}"},
            {"x: n", "sum(exp(x))", "{\"x\": [1000, 1]}"},
            {"x: n", "sum(x ./ x)", "{\"x\": [0, 1]}"},
            {"x: n", "sum(log(softmax(x)))", "{\"x\": [-1000, 1000]}"},
    };

    static Case outOfDomain(Random r) {
        String[] d = DOMAINS[r.nextInt(DOMAINS.length)];
        String command = r.nextInt(3) == 0 ? "eval" : r.nextBoolean() ? "diff" : "hessian";
        List<String> a = new ArrayList<>(List.of(command, "--let", d[0], "--at", "@point.json"));
        if (!command.equals("eval")) {
            String wrt = d[0].substring(0, 1);
            a.addAll(List.of("--wrt", wrt));
        }
        a.add(d[1]);
        return new Case(Category.OUT_OF_DOMAIN, a, Map.of("point.json", d[2]));
    }

    private static final String[] OPTION_NOISE = {"--format", "yaml", "--format=", "--wrt", "--wrt=", "--let", "--at", "--answer",
            "--layout", "sideways", "--threads", "-1", "--threads", "x", "--then", "-", "--", "-h", "-V", "--help", "--version",
            "--steps", "--png", "@nowhere/x.png", "--svg", "--latex", "--reveal", "--standalone", "--ascii", "--progress",
            "-sum(x)", "-h(x)", "-h1", "-V", "x", "sum(x)", "--timeout", "0", "--timeout", "-3", "--timeout", "1e9", "--assume",
            "sum(y) = 1", "--let", "x: n", "--wrt", "x", "--at", "@point.json", "--json", "@out.json"};

    static Case options(Random r) {
        List<String> a = new ArrayList<>();
        String[] firsts = {"eval", "diff", "check", "grade", "hessian", "dif", "--help", "-V", "", "help"};
        a.add(firsts[r.nextInt(firsts.length)]);
        int n = r.nextInt(7);
        for (int i = 0; i < n; i++) a.add(OPTION_NOISE[r.nextInt(OPTION_NOISE.length)]);
        return new Case(Category.OPTIONS, a, Map.of("point.json", "{\"x\": [1, 2]}"));
    }

    // ---------------------------------------------------------------- the REPL

    private static final String[] REPL_COMMANDS = {":d", ":hessian", ":layout", ":steps", ":latex", ":check", ":set", ":load",
            ":eval", ":shape", ":rules", ":help", ":h", ":?", ":what", "d/dx", "d/dW", "∂/∂x", "d/d"};

    /** A line for a piped REPL session: never one that ends it (:quit) or writes a file (:save). */
    public static String replLine(Random r, Sizes sizes) {
        String line;
        int k = r.nextInt(100);
        boolean costly = k >= 45 && k < 51 || k >= 70;
        if (costly && r.nextInt(100) >= sizes.costlyPercent()) k = r.nextInt(45);
        if (k < 10) line = randomBytes(r, 1 + r.nextInt(40));
        else if (k < 20) line = randomUnicode(r, 1 + r.nextInt(30));
        else if (k < 35) line = mutate(r, seed(r).expr());
        else if (k < 45) line = r.nextBoolean() ? seed(r).lets() : mutate(r, seed(r).lets());
        else if (k < 48) line = deep(r, sizes);
        else if (k < 51) line = hugeSum(r, sizes);
        else if (k < 58) line = "assume " + (r.nextBoolean() ? "sum(y) = 1" : mutate(r, "sum(y) = 1"));
        else if (k < 65) line = ":set " + (r.nextBoolean() ? "x = [1, -2, 3]" : mutate(r, "x = [[1, 2], [3, 4]]"));
        else if (k < 70) line = ":load " + (r.nextBoolean() ? "no/such/file.json" : randomBytes(r, 10));
        else {
            String c = REPL_COMMANDS[r.nextInt(REPL_COMMANDS.length)];
            line = c + " " + (r.nextBoolean() ? seed(r).expr() : mutate(r, seed(r).expr()));
            if (c.equals(":layout")) line = ":layout " + (r.nextBoolean() ? "denominator" : "sideways");
        }
        String head = line.strip().toLowerCase(java.util.Locale.ROOT);
        if (head.startsWith(":q") || head.startsWith(":exit") || head.startsWith(":save")) return "# " + line;
        return line;
    }

    static String quote(String s) {
        if (!s.isEmpty() && s.chars().allMatch(c -> Character.isLetterOrDigit(c) || "-_=./@,:".indexOf(c) >= 0)) return s;
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
