package matcalc.syntax;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.stream.Collectors;
import org.antlr.v4.runtime.*;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * The entry to the syntax layer: text in, surface AST out, or a {@link MatcalcException} with a
 * caret. ANTLR's console listeners are replaced by one that throws on the first error, and the
 * parser never silently inserts or deletes a token.
 */
public final class Parsing {
    private Parsing() {}

    /**
     * The deepest nesting read: brackets (parentheses, braces, norm bars) open at once, or prefix
     * minus signs or postfix operators (ᵀ, ⁻¹, ^2, …) in a row. Each level takes stack in every
     * stage; the CLI's and the REPL's threads have room for this many (SizeBenchmark, DeepInputTest).
     * Deeper input is refused at once, with a caret at the first token past the limit.
     */
    public static final int MAX_DEPTH = 100_000;

    /** Parses a line of statements separated by ';'. */
    public static List<Statement> statements(Source source) {
        return new AstBuilder(source).line(parse(source, false, MatcalcParser::line));
    }

    /** Parses a file of statements, one or more per line. */
    public static List<Statement> script(Source source) {
        return new AstBuilder(source).script(parse(source, false, MatcalcParser::script));
    }

    /** Parses a rule file (rules/*.rules). */
    public static List<RuleText> ruleFile(Source source) {
        return new AstBuilder(source).ruleFile(parse(source, true, MatcalcParser::ruleFile));
    }

    /** Parses one statement. */
    public static Statement statement(Source source) {
        List<Statement> all = statements(source);
        if (all.size() != 1) {
            throw new MatcalcException(all.get(1).span(), "expected one statement here, found " + all.size());
        }
        return all.get(0);
    }

    /** Parses an expression (no declarations or definitions). */
    public static Node expression(Source source) {
        Statement s = statement(source);
        if (s instanceof Statement.ExprStmt e) return e.expr();
        throw new MatcalcException(s.span(), "expected an expression, found a "
                + (s instanceof Statement.Decl ? "declaration" : s instanceof Statement.Def || s instanceof Statement.FnDef ? "definition" : "assumption"));
    }

    /**
     * Runs a start rule in two stages (ANTLR's recommendation for speed): first with SLL prediction,
     * which bails out at the first error; only if it fails, again with full LL prediction and the
     * listener that turns the error into a message. The grammar is ambiguous where a name meets a
     * parenthesis (sin(x) is a call, or sin times (x)): full LL resolves that by looking at the whole
     * stack of rules, which for deep nesting (sin(sin(…))) took time quadratic in the depth or worse.
     * SLL decides with the local context only, and when it parses without error its tree is the one
     * LL would build (PredictionMode.SLL's contract).
     */
    static <T extends ParserRuleContext> T parse(Source source, boolean ruleFile, java.util.function.Function<MatcalcParser, T> rule) {
        MatcalcParser parser = parser(source, ruleFile);
        parser.getInterpreter().setPredictionMode(org.antlr.v4.runtime.atn.PredictionMode.SLL);
        parser.removeErrorListeners();
        parser.setErrorHandler(new BailErrorStrategy());
        try {
            return rule.apply(parser);
        } catch (org.antlr.v4.runtime.misc.ParseCancellationException sllFailed) {
            MatcalcParser ll = parser(source, ruleFile);
            return rule.apply(ll);
        }
    }

    static MatcalcParser parser(Source source) {
        return parser(source, false);
    }

    static MatcalcParser parser(Source source, boolean ruleFile) {
        MatcalcLexer lexer = new MatcalcLexer(CharStreams.fromString(source.text(), source.name()));
        lexer.removeErrorListeners();
        lexer.addErrorListener(new ThrowingListener(source, ruleFile));
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        try {
            tokens.fill();
        } catch (MatcalcException unknownCharacter) {
            checkDots(source, tokens.getTokens(), ruleFile);   // a '·' before it comes first
            throw unknownCharacter;
        }
        checkDots(source, tokens.getTokens(), ruleFile);
        checkBrackets(source, tokens.getTokens());
        MatcalcParser parser = new MatcalcParser(tokens);
        parser.removeErrorListeners();
        parser.addErrorListener(new ThrowingListener(source, ruleFile));
        parser.setErrorHandler(new NoRepairStrategy());
        parser.addParseListener(new DeadlineListener());   // parsing a huge input stops at the deadline
        return parser;
    }

    /**
     * '·' is a token only for the sizes in a declaration's type (x: n·m); anywhere else it gets the
     * message of an unknown character, as before it was a token.
     */
    private static void checkDots(Source source, List<Token> tokens, boolean ruleFile) {
        for (Token t : tokens) {
            if (t.getType() == MatcalcLexer.CDOT && (ruleFile || !inType(tokens, t.getTokenIndex()))) {
                int cp = t.getText().codePointAt(0);
                throw new MatcalcException(span(source, t), "unknown character '" + t.getText() + "'" + characterHint(cp));
            }
        }
    }

    /** Whether the token at index {@code at} is in the type of a declaration. */
    private static boolean inType(List<Token> tokens, int at) {
        return declarationColon(i -> tokens.get(i).getType(), at) >= 0;
    }

    /**
     * The index of the ':' or '∈' of a declaration "NAME (, NAME)* :" that the token at index
     * {@code at} follows in its statement; -1 if it does not follow one.
     */
    private static int declarationColon(java.util.function.IntUnaryOperator typeAt, int at) {
        int start = at;
        while (start > 0) {
            int type = typeAt.applyAsInt(start - 1);
            if (type == MatcalcLexer.SEMI || type == MatcalcLexer.NEWLINE) break;
            start--;
        }
        int i = start;
        if (i >= at || typeAt.applyAsInt(i) != MatcalcLexer.NAME) return -1;
        i++;
        while (i + 1 < at && typeAt.applyAsInt(i) == MatcalcLexer.COMMA && typeAt.applyAsInt(i + 1) == MatcalcLexer.NAME) {
            i += 2;
        }
        if (i >= at) return -1;
        int sep = typeAt.applyAsInt(i);
        return sep == MatcalcLexer.COLON || sep == MatcalcLexer.IN ? i : -1;
    }

    /** Unbalanced brackets get a message at the bracket itself, clearer than a parser error far away. */
    private static void checkBrackets(Source source, List<Token> tokens) {
        Deque<Token> open = new ArrayDeque<>();
        boolean normOpen = false;
        Token normToken = null;
        int run = 0;   // prefix minus signs or postfix operators in a row
        int runType = -1;
        for (Token t : tokens) {
            int kind = runKind(t.getType());
            run = kind >= 0 && kind == runType ? run + 1 : kind >= 0 ? 1 : 0;
            runType = kind;
            if (open.size() + (normOpen ? 1 : 0) >= MAX_DEPTH && isOpening(t.getType(), normOpen) || run > MAX_DEPTH) {
                throw new MatcalcException(span(source, t), "nested too deeply: matcalc reads at most " + MAX_DEPTH
                        + " levels of " + (run > MAX_DEPTH ? (kind == 0 ? "minus signs" : "postfix operators") + " in a row"
                        : "brackets") + "; name an inner part (u = …) to write it with fewer");
            }
            switch (t.getType()) {
                case MatcalcLexer.LPAREN, MatcalcLexer.CALL_LPAREN, MatcalcLexer.LBRACE -> open.push(t);
                case MatcalcLexer.RPAREN, MatcalcLexer.RBRACE -> {
                    String want = t.getType() == MatcalcLexer.RPAREN ? "(" : "{";
                    if (open.isEmpty()) {
                        throw new MatcalcException(span(source, t), "unmatched '" + t.getText() + "': there is no '" + want + "' before it");
                    }
                    Token o = open.pop();
                    if (!o.getText().equals(want)) {
                        throw new MatcalcException(span(source, t), "'" + t.getText() + "' closes '" + o.getText() + "'");
                    }
                }
                case MatcalcLexer.NORM_BAR -> {
                    normOpen = !normOpen;
                    normToken = t;
                }
                default -> { }
            }
        }
        if (!open.isEmpty()) {
            Token o = open.pop();
            throw new MatcalcException(span(source, o), "'" + o.getText() + "' is never closed");
        }
        if (normOpen) throw new MatcalcException(span(source, normToken), "'‖' is never closed");
    }

    private static boolean isOpening(int type, boolean normOpen) {
        return type == MatcalcLexer.LPAREN || type == MatcalcLexer.CALL_LPAREN || type == MatcalcLexer.LBRACE
                || (type == MatcalcLexer.NORM_BAR && !normOpen);
    }

    /** 0 for a minus sign, 1 for a postfix operator, -1 for other tokens. */
    private static int runKind(int type) {
        return switch (type) {
            case MatcalcLexer.MINUS -> 0;
            case MatcalcLexer.TRANSPOSE, MatcalcLexer.APOS, MatcalcLexer.SUP_INV, MatcalcLexer.SUP_INV_T, MatcalcLexer.SUP_TWO -> 1;
            default -> -1;
        };
    }

    static Span span(Source source, Token t) {
        if (t.getType() == Token.EOF) {
            int end = (int) source.text().codePoints().count();
            return new Span(source, end, end + 1);
        }
        return new Span(source, t.getStartIndex(), t.getStopIndex() + 1);
    }

    private static final class NoRepairStrategy extends DefaultErrorStrategy {
        @Override
        protected Token singleTokenDeletion(Parser recognizer) {
            return null;
        }

        @Override
        protected boolean singleTokenInsertion(Parser recognizer) {
            return false;
        }
    }

    private static final class ThrowingListener extends BaseErrorListener {
        private final Source source;
        /** In rule files "name : lhs => rhs" is not a declaration. */
        private final boolean ruleFile;

        ThrowingListener(Source source, boolean ruleFile) {
            this.source = source;
            this.ruleFile = ruleFile;
        }

        @Override
        public void syntaxError(Recognizer<?, ?> recognizer, Object offending, int line, int col, String msg,
                                RecognitionException e) {
            if (recognizer instanceof Lexer lexer) {
                int start = lexer._tokenStartCharIndex;
                int cp = source.text().codePoints().skip(start).findFirst().orElse(' ');
                throw new MatcalcException(new Span(source, start, start + 1),
                        "unknown character '" + new String(Character.toChars(cp)) + "'" + characterHint(cp));
            }
            Token t = (Token) offending;
            Parser parser = (Parser) recognizer;
            IntervalSet expected = e != null ? e.getExpectedTokens() : parser.getExpectedTokens();
            String what = t.getType() == Token.EOF ? "unexpected end of input"
                    : t.getType() == MatcalcLexer.NEWLINE ? "unexpected end of line"
                    : "unexpected '" + t.getText() + "'";
            Token before = t.getTokenIndex() > 0 ? parser.getTokenStream().get(t.getTokenIndex() - 1) : null;
            if (!ruleFile && before != null && before.getType() == MatcalcLexer.PATTERN_VAR
                    && (t.getType() == MatcalcLexer.COLON || t.getType() == MatcalcLexer.IN || t.getType() == MatcalcLexer.ASSIGN)) {
                // ?a: n, ?a = x: the engine's pattern variables are not names a user can declare or define
                String example = t.getType() == MatcalcLexer.ASSIGN ? " = …" : ": n";
                throw new MatcalcException(span(source, before), "pattern variables like " + before.getText()
                        + " belong in rule files; name a variable with a letter, as in "
                        + before.getText().substring(1) + example);
            }
            if (t.getType() == MatcalcLexer.ASSIGN && (expected == null || !expected.contains(MatcalcLexer.ASSIGN))
                    && before != null && before.getType() == MatcalcLexer.RPAREN) {
                // f(u, v) = …, f(2) = …: a function has one parameter, a name
                throw new MatcalcException(span(source, t), what + ": only a single name can be defined, as in u = W x + b,"
                        + " or an elementwise function of one parameter, as in f(u) = u ⊙ σ(u)");
            }
            if (t.getType() == MatcalcLexer.ASSIGN && (expected == null || !expected.contains(MatcalcLexer.ASSIGN))) {
                throw new MatcalcException(span(source, t), what + ": only a single name can be defined, as in u = W x + b");
            }
            if (!ruleFile && (t.getType() == MatcalcLexer.COLON || t.getType() == MatcalcLexer.IN)
                    && (expected == null || !expected.contains(t.getType()))
                    && (t.getTokenIndex() == 0 || parser.getTokenStream().get(t.getTokenIndex() - 1).getType() != MatcalcLexer.COMMA)) {
                throw new MatcalcException(span(source, t), what + ": only names can be declared, as in W: d x n or x, y: n");
            }
            String inType = ruleFile ? null : typeExpectation(parser.getTokenStream(), t);
            if (inType != null) throw new MatcalcException(span(source, t), what + inType);
            throw new MatcalcException(span(source, t), what + expectation(expected, parser.getVocabulary()));
        }
    }

    /**
     * In the type of a declaration (after "x:" or "x ∈"), what was expected, said in the terms of
     * types rather than expressions; null elsewhere.
     */
    private static String typeExpectation(TokenStream tokens, Token offending) {
        int at = offending.getTokenIndex();
        int i = declarationColon(j -> tokens.get(j).getType(), at);
        if (i < 0) return null;
        Token previous = tokens.get(at - 1);
        if (at - 1 == i) {
            return ": expected a type after '" + previous.getText()
                    + "', like n (a vector of length n), d x n (a matrix) or scalar";
        }
        int p = previous.getType();
        boolean wantsDim = p == MatcalcLexer.TIMES || p == MatcalcLexer.STAR || p == MatcalcLexer.CDOT || p == MatcalcLexer.CARET
                || p == MatcalcLexer.LBRACE || (p == MatcalcLexer.NAME && previous.getText().equals("x"));
        if (wantsDim) return ": expected a dimension after '" + previous.getText() + "' (a symbol like n or a size like 3)";
        return ": a declaration ends after its type (x: n, W: d x n, A: n x n symmetric); declare several names at once as x, y: n";
    }

    /** How a message names a token: 'in' rather than IN, "a name" rather than NAME. */
    private static String tokenName(int type, Vocabulary vocab) {
        return switch (type) {
            case Token.EOF -> "end of input";
            case MatcalcLexer.NEWLINE -> "end of line";
            case MatcalcLexer.NAME -> "a name";
            case MatcalcLexer.NUMBER -> "a number";
            case MatcalcLexer.PATTERN_VAR -> "a pattern variable (?a)";
            case MatcalcLexer.IN -> "'in'";
            case MatcalcLexer.REALS -> "'ℝ'";
            case MatcalcLexer.ARROW -> "'=>'";
            case MatcalcLexer.MINUS -> "'-'";
            case MatcalcLexer.HADAMARD -> "'⊙'";
            case MatcalcLexer.ELEMDIV -> "'⊘'";
            case MatcalcLexer.TRANSPOSE -> "'ᵀ'";
            case MatcalcLexer.APOS -> "\"'\"";
            case MatcalcLexer.ONES -> "'𝟏'";
            case MatcalcLexer.CALL_LPAREN -> "'('";
            default -> vocab.getDisplayName(type);
        };
    }

    private static String characterHint(int cp) {
        return switch (cp) {
            case '[', ']' -> ": use parentheses ( ) for grouping";
            case '|' -> ": write abs(x) or norm(x) (or ‖x‖)";
            case '∂' -> ": ask for derivatives with `matcalc diff --wrt VAR EXPR`";
            case '·', '∙', '⋅' -> ": write a product by juxtaposition (W x) or with *";
            case '∑' -> ": write sum(x)";
            case '\\' -> ": write ŷ or y_hat, ᵀ or ', ⊙ or .* (the REPL also reads LaTeX escapes such as \\hat{y}, \\top, \\odot)";
            case '¹', '³', '⁰', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹' -> ": write a power with ^, as α^3 (x.^3 entrywise); ² and ⁻¹ are read";
            case '⁻' -> ": write ⁻¹ or ⁻ᵀ, or a power with ^, as α^-2";
            default -> "";
        };
    }

    private static String expectation(IntervalSet expected, Vocabulary vocab) {
        if (expected == null || expected.isNil()) return "";
        boolean exprStart = expected.contains(MatcalcLexer.NAME) && expected.contains(MatcalcLexer.NUMBER);
        if (exprStart) return expected.contains(MatcalcLexer.ASSIGN) ? ": expected '='" : ": expected an expression";
        IntervalSet ends = IntervalSet.of(Token.EOF);
        ends.add(MatcalcLexer.SEMI);
        ends.add(MatcalcLexer.NEWLINE);
        // the statement is complete here, and what follows cannot continue it
        if (expected.and(ends).size() == expected.size()) return ": expected an operator or the end of the line";
        List<String> names = expected.toList().stream()
                .map(type -> tokenName(type, vocab))
                .collect(Collectors.toList());
        if (names.size() > 4) return "";
        return ": expected " + String.join(" or ", names);
    }
}
