package matcalc.syntax;

import java.util.ArrayList;
import java.util.List;
import matcalc.syntax.MatcalcParser.*;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.TerminalNode;

/** Turns ANTLR's parse tree into the surface AST ({@link Node}, {@link Statement}). */
final class AstBuilder {
    private final Source source;

    AstBuilder(Source source) {
        this.source = source;
    }

    Span span(ParserRuleContext ctx) {
        Token stop = ctx.getStop() == null ? ctx.getStart() : ctx.getStop();
        return new Span(source, ctx.getStart().getStartIndex(), stop.getStopIndex() + 1);
    }

    Span span(Token t) {
        return new Span(source, t.getStartIndex(), t.getStopIndex() + 1);
    }

    Span span(TerminalNode t) {
        return span(t.getSymbol());
    }

    // ---------------------------------------------------------------- statements

    List<Statement> line(LineContext ctx) {
        List<Statement> out = new ArrayList<>();
        for (StatementContext s : ctx.statement()) statements(s, out);
        return out;
    }

    List<Statement> script(ScriptContext ctx) {
        List<Statement> out = new ArrayList<>();
        for (StatementContext s : ctx.statement()) statements(s, out);
        return out;
    }

    /**
     * The statements ctx stands for: one, or an assumption per equation of `assume a = b, c = d`
     * (each spanning its equation; a single one spans the whole statement, `assume` included).
     */
    private void statements(StatementContext ctx, List<Statement> out) {
        if (ctx instanceof AssumeStmtContext a && a.equation().size() > 1) {
            for (EquationContext eq : a.equation()) out.add(new Statement.Assume(span(eq), expr(eq.expr(0)), expr(eq.expr(1))));
            return;
        }
        out.add(statement(ctx));
    }

    Statement statement(StatementContext ctx) {
        if (ctx instanceof DeclStmtContext d) {
            List<Node.Name> names = new ArrayList<>();
            for (TerminalNode n : d.NAME()) names.add(name(n));
            return new Statement.Decl(span(d), names, type(d.type()));
        }
        if (ctx instanceof DefStmtContext d) {
            return new Statement.Def(span(d), name(d.NAME()), expr(d.expr()));
        }
        if (ctx instanceof FnDefStmtContext f) {
            return new Statement.FnDef(span(f), name(f.NAME(0)), f.APOS().size(), name(f.NAME(1)), expr(f.expr()));
        }
        if (ctx instanceof AssumeStmtContext a) {
            return new Statement.Assume(span(a), expr(a.equation(0).expr(0)), expr(a.equation(0).expr(1)));
        }
        ExprStmtContext e = (ExprStmtContext) ctx;
        return new Statement.ExprStmt(span(e), expr(e.expr()));
    }

    private Statement.DeclType type(TypeContext ctx) {
        Statement.DimRef rows = null;
        Statement.DimRef cols = null;
        List<TerminalNode> props;
        if (ctx instanceof RealsTypeContext r) {
            if (r.dims() != null) {
                Statement.DimRef[] d = dims(r.dims());
                rows = d[0];
                cols = d[1];
            } else if (r.dimAtom() != null) {
                rows = dimAtom(r.dimAtom());
            }
            props = r.NAME();
        } else if (ctx instanceof AsciiRealsTypeContext a) {
            TerminalNode reals = a.NAME(0);
            if (!reals.getText().equals("R")) {
                throw new MatcalcException(span(reals), "expected R (or ℝ) before ^ in a type, found '" + reals.getText() + "'");
            }
            if (a.dims() != null) {
                Statement.DimRef[] d = dims(a.dims());
                rows = d[0];
                cols = d[1];
            } else {
                rows = dimAtom(a.dimAtom());
            }
            props = a.NAME().subList(1, a.NAME().size());
        } else {
            DimsTypeContext d = (DimsTypeContext) ctx;
            Statement.DimRef[] ds = dims(d.dims());
            props = d.NAME();
            boolean scalarWord = ds[1] == null && ds[0].isSymbol()
                    && (ds[0].symbol().equals("scalar") || ds[0].symbol().equals("ℝ") || ds[0].symbol().equals("R"));
            if (!scalarWord) {
                rows = ds[0];
                cols = ds[1];
            }
        }
        List<String> properties = new ArrayList<>();
        if (rows != null && cols == null && !props.isEmpty() && props.get(0).getText().matches("x[0-9]+")
                && span(props.get(0)).start() == rows.span().end()) {
            // W: 3x2 reads as the size 3 and the name x2
            String t = props.get(0).getText().substring(1);
            cols = glued(new Span(source, span(props.get(0)).start() + 1, span(props.get(0)).end()), t);
            props = props.subList(1, props.size());
        }
        for (TerminalNode p : props) {
            String word = p.getText();
            if (word.equals("x") && props.indexOf(p) == 0 && rows != null) {
                // W: d x (the second dimension missing) or T: a x b x c (a third one)
                String why = cols == null
                        ? "expected a dimension after 'x' (a symbol like n or a size like 3)"
                        : "a type has at most two dimensions, rows x columns: matcalc's variables are scalars, vectors and matrices";
                throw new MatcalcException(new Span(source, span(p).start(), span(ctx).end()), why);
            }
            if (!DECLARED_PROPERTIES.contains(word)) {
                String hint = Suggest.closest(word, DECLARED_PROPERTIES).map(s -> ": did you mean " + s + "?").orElse("");
                throw new MatcalcException(Diagnostic.at(span(p), "unknown property '" + word + "'" + hint)
                        .withNote("properties: " + String.join(", ", DECLARED_PROPERTIES)));
            }
            properties.add(word);
        }
        return new Statement.DeclType(span(ctx), rows, cols, properties);
    }

    static final List<String> DECLARED_PROPERTIES = List.of("symmetric", "spd", "diagonal", "orthogonal");

    private Statement.DimRef[] dims(DimsContext ctx) {
        Statement.DimRef rows = dim(ctx.dim(0));
        Statement.DimRef cols = null;
        if (ctx.dimSep() != null) {
            DimSepContext sep = ctx.dimSep();
            if (sep.NAME() != null && !sep.NAME().getText().equals("x")) {
                throw new MatcalcException(span(sep), "expected 'x' or '×' between dimensions, found '" + sep.getText() + "'");
            }
            cols = dim(ctx.dim(1));
        } else if (rows.isSymbol() && GLUED.matcher(ctx.dim(0).getText()).matches()) {
            // W: dxn, nx3: the x typed without spaces (a dimension named "dxn" is not what was meant)
            var m = GLUED.matcher(ctx.dim(0).getText());
            m.matches();
            Span whole = span(ctx.dim(0));
            rows = glued(new Span(source, whole.start(), whole.start() + m.end(1)), m.group(1));
            cols = glued(new Span(source, whole.start() + m.start(2), whole.end()), m.group(2));
        }
        return new Statement.DimRef[] {rows, cols};
    }

    /** dxn, nxn, kx3, 3x2 (a size glued to x2): two dimensions, the x typed without spaces. */
    private static final java.util.regex.Pattern GLUED = java.util.regex.Pattern.compile("([A-Za-z]|[0-9]+)x([A-Za-z]|[0-9]+)");

    private static Statement.DimRef glued(Span span, String text) {
        if (Character.isDigit(text.charAt(0))) {
            int n = Integer.parseInt(text);
            if (n < 1) throw new MatcalcException(span, "a dimension must be at least 1, not " + n);
            return new Statement.DimRef(span, null, n);
        }
        return new Statement.DimRef(span, text, 0);
    }

    /** n, 3, or a product n*m, n·m, 2*(n*m): flattened, in the order written (the solver sorts). */
    private Statement.DimRef dim(DimContext ctx) {
        List<Statement.DimRef> factors = new ArrayList<>();
        for (DimAtomContext a : ctx.dimAtom()) {
            Statement.DimRef f = dimAtom(a);
            if (f.isProduct()) factors.addAll(f.factors());
            else factors.add(f);
        }
        if (factors.size() == 1) return factors.get(0);
        long literal = 1;
        for (Statement.DimRef f : factors) {
            if (!f.isSymbol()) literal *= f.size();
            if (literal > Integer.MAX_VALUE) {
                throw new MatcalcException(span(ctx), "a dimension must be at most " + Integer.MAX_VALUE + ", not " + ctx.getText());
            }
        }
        return Statement.DimRef.product(span(ctx), factors);
    }

    private Statement.DimRef dimAtom(DimAtomContext ctx) {
        if (ctx.dim() != null) return dim(ctx.dim());
        if (ctx.NUMBER() != null) {
            String t = ctx.NUMBER().getText();
            int n;
            try {
                n = Integer.parseInt(t);
            } catch (NumberFormatException e) {
                throw new MatcalcException(span(ctx), "a dimension must be a positive whole number or a symbol, not " + t);
            }
            if (n < 1) throw new MatcalcException(span(ctx), "a dimension must be at least 1, not " + n);
            return new Statement.DimRef(span(ctx), null, n);
        }
        return new Statement.DimRef(span(ctx), Names.canonical(ctx.NAME().getText()), 0);
    }

    // ---------------------------------------------------------------- expressions

    Node expr(ExprContext ctx) {
        // ctx.term(i) scans the children: taken once, a sum of n terms is read in O(n), not O(n²)
        List<TermContext> terms = ctx.term();
        Node acc = term(terms.get(0));
        for (int i = 1; i < terms.size(); i++) {
            Token op = ((TerminalNode) ctx.getChild(2 * i - 1)).getSymbol();
            Node right = term(terms.get(i));
            Node.Op kind = op.getType() == MatcalcLexer.PLUS ? Node.Op.ADD : Node.Op.SUB;
            acc = new Node.Binary(acc.span().to(right.span()), kind, acc, right, span(op));
        }
        return acc;
    }

    private Node term(TermContext ctx) {
        Deadline.check("parsing");
        List<KronContext> products = ctx.kron();
        Node acc = kron(products.get(0));
        for (int i = 1; i < products.size(); i++) {
            Token op = ((TerminalNode) ctx.getChild(2 * i - 1)).getSymbol();
            Node right = kron(products.get(i));
            Node.Op kind = op.getType() == MatcalcLexer.HADAMARD ? Node.Op.HADAMARD : Node.Op.ELEMDIV;
            acc = new Node.Binary(acc.span().to(right.span()), kind, acc, right, span(op));
        }
        return acc;
    }

    /** A ⊗ B ⊗ …, left to right (the product is associative; the factory nests it to the right). */
    private Node kron(KronContext ctx) {
        List<ProductContext> products = ctx.product();
        Node acc = product(products.get(0));
        for (int i = 1; i < products.size(); i++) {
            Token op = ((TerminalNode) ctx.getChild(2 * i - 1)).getSymbol();
            Node right = product(products.get(i));
            acc = new Node.Binary(acc.span().to(right.span()), Node.Op.KRON, acc, right, span(op));
        }
        return acc;
    }

    private Node product(ProductContext ctx) {
        Node acc = signed(ctx.signed());
        for (FactorContext f : ctx.factor()) {
            if (f instanceof ExplicitFactorContext e) {
                Node right = signed(e.signed());
                Token op = e.getStart();
                Node.Op kind = op.getType() == MatcalcLexer.STAR ? Node.Op.MUL : Node.Op.DIV;
                acc = new Node.Binary(acc.span().to(right.span()), kind, acc, right, span(op));
            } else {
                Node right = postfix(((JuxtaposedFactorContext) f).postfixExpr());
                acc = new Node.Binary(acc.span().to(right.span()), Node.Op.JUXTAPOSE, acc, right, right.span());
            }
        }
        return acc;
    }

    private Node signed(SignedContext ctx) {
        if (ctx instanceof NegationContext n) {
            return new Node.Neg(span(n), signed(n.signed()));
        }
        return postfix(((UnsignedContext) ctx).postfixExpr());
    }

    private Node postfix(PostfixExprContext ctx) {
        Node acc = primary(ctx.primary());
        for (PostfixOpContext op : ctx.postfixOp()) {
            Span s = acc.span().to(span(op));
            if (op instanceof TransposeOpContext || op instanceof PrimeTransposeOpContext) {
                acc = new Node.Transpose(s, acc);
            } else if (op instanceof InverseOpContext) {
                acc = new Node.Inverse(s, acc);
            } else if (op instanceof SquareOpContext) {
                acc = new Node.Power(s, acc, new Node.Number(span(op), 2), false);
            } else if (op instanceof InverseTransposeOpContext) {
                acc = new Node.Transpose(s, new Node.Inverse(s, acc));
            } else if (op instanceof PowerOpContext p) {
                acc = power(s, acc, p.exponent());
            } else {
                acc = new Node.Power(s, acc, exponent(((ElemPowerOpContext) op).exponent()), true);
            }
        }
        return acc;
    }

    /**
     * base^e: the transpose for e = T (also ^⊤, ^{T}), the inverse for e = -1 (also ^(-1), ^{-1}),
     * the inverse transpose for e = -T (also ^{-T}); otherwise a power. In parentheses T is a name:
     * α^(T) is a power, as the printer writes it.
     */
    private Node power(Span s, Node base, ExponentContext ex) {
        if (ex.TRANSPOSE() != null && ex.MINUS() == null) return new Node.Transpose(s, base);
        if (ex.TRANSPOSE() != null) return new Node.Transpose(s, new Node.Inverse(s, base));
        Node e = exponent(ex);
        boolean negated = false;
        while (e instanceof Node.Paren || e instanceof Node.Neg) {
            if (e instanceof Node.Paren p) e = p.inner();
            if (e instanceof Node.Neg n) {
                negated = !negated;
                e = n.arg();
            }
        }
        boolean isT = ex.LPAREN() == null && e instanceof Node.Name n && n.name().equals("T");
        if (e instanceof Node.Number n && Math.abs(n.value()) == 1 && negated != (n.value() < 0)) {
            return new Node.Inverse(s, base);
        }
        if (isT) return negated ? new Node.Transpose(s, new Node.Inverse(s, base)) : new Node.Transpose(s, base);
        return new Node.Power(s, base, exponent(ex), false);
    }

    private Node exponent(ExponentContext ctx) {
        Node inner;
        if (ctx.NUMBER() != null) inner = number(ctx.NUMBER());
        else if (ctx.NAME() != null) inner = name(ctx.NAME());
        else if (ctx.PATTERN_VAR() != null) inner = new Node.PatternVar(span(ctx.PATTERN_VAR()), patternName(ctx.PATTERN_VAR().getText()));
        else if (ctx.TRANSPOSE() != null) {
            throw new MatcalcException(span(ctx), "an entrywise power cannot transpose; write the transpose with ᵀ or ^T");
        } else inner = expr(ctx.expr());
        return ctx.MINUS() != null ? new Node.Neg(span(ctx), inner) : inner;
    }

    private Node primary(PrimaryContext ctx) {
        Deadline.check("parsing");
        if (ctx instanceof CallContext c) {
            List<Node> args = new ArrayList<>();
            for (ExprContext e : c.expr()) args.add(expr(e));
            Token nameTok = c.NAME().getSymbol();
            Token paren = c.CALL_LPAREN().getSymbol();
            int primes = c.APOS().size();
            Token beforeParen = primes > 0 ? c.APOS(primes - 1).getSymbol() : nameTok;
            boolean adjacent = beforeParen.getStopIndex() + 1 == paren.getStartIndex();
            return new Node.Call(span(c), name(c.NAME()), primes, args, adjacent);
        }
        if (ctx instanceof NameContext n) return name(n.NAME());
        if (ctx instanceof NumberContext n) return number(n.NUMBER());
        if (ctx instanceof OnesContext o) return new Node.OnesLit(span(o));
        if (ctx instanceof SizedContext z) return sized(z.SIZED());
        if (ctx instanceof CommutationContext k) return commutation(k.COMMUTATION());
        if (ctx instanceof ParenContext p) {
            return new Node.Paren(span(p), expr(p.expr()));
        }
        if (ctx instanceof NormBarsContext nb) return new Node.Norm(span(nb), expr(nb.expr()));
        if (ctx instanceof PatternCallContext pc) {
            Node.PatternVar fn = new Node.PatternVar(span(pc.PATTERN_VAR()), patternName(pc.PATTERN_VAR().getText()));
            Token before = pc.APOS().isEmpty() ? pc.PATTERN_VAR().getSymbol() : pc.APOS(pc.APOS().size() - 1).getSymbol();
            Node arg = expr(pc.expr());
            if (pc.APOS().isEmpty() && before.getStopIndex() + 1 != pc.CALL_LPAREN().getSymbol().getStartIndex()) {
                // ?α (?A + ?B): a product, not a pattern function
                Node paren = new Node.Paren(new Span(source, pc.CALL_LPAREN().getSymbol().getStartIndex(),
                        pc.RPAREN().getSymbol().getStopIndex() + 1), arg);
                return new Node.Binary(span(pc), Node.Op.JUXTAPOSE, fn, paren, paren.span());
            }
            return new Node.PatternCall(span(pc), fn, pc.APOS().size(), arg);
        }
        PatternVarContext pv = (PatternVarContext) ctx;
        return new Node.PatternVar(span(pv), patternName(pv.getText()));
    }

    private static String patternName(String text) {
        return "?" + Names.canonical(text.substring(1));
    }

    // ---------------------------------------------------------------- rule files

    List<RuleText> ruleFile(RuleFileContext ctx) {
        List<RuleText> out = new ArrayList<>();
        for (RuleDefContext r : ctx.ruleDef()) {
            List<RuleText.Condition> conds = new ArrayList<>();
            for (ConditionContext c : r.condition()) {
                if (c instanceof PropertyConditionContext p) {
                    conds.add(new RuleText.Condition(span(c), patternName(p.PATTERN_VAR().getText()), p.NAME().getText()));
                } else {
                    conds.add(new RuleText.Condition(span(c), null, ((FlagConditionContext) c).NAME().getText()));
                }
            }
            out.add(new RuleText(span(r), r.ruleName().getText(), span(r.ruleName()), expr(r.lhs), expr(r.rhs), conds));
        }
        return out;
    }

    /** 𝟏_n, ones_n, I_n, I_3, I_{m·n} (or m*n); I_hat is the name Î, not a size. */
    private Node sized(TerminalNode t) {
        String text = t.getText();
        int underscore = text.indexOf('_');
        String sub = text.substring(underscore + 1);
        if (sub.equals("hat")) return new Node.Name(span(t), Names.canonical(text));
        if (sub.startsWith("{")) sub = sub.substring(1, sub.length() - 1);
        List<String> size = new ArrayList<>();
        for (String f : sub.split("[*\u00B7\u22C5]", -1)) {
            String factor = f.strip();
            if (!factor.matches("[0-9]+") && !factor.matches("[\\p{L}][\\p{L}\\p{Mn}0-9_\u2080-\u2089]*")) {
                throw new MatcalcException(span(t), "the size of " + text.substring(0, underscore)
                        + " is a dimension: a symbol or a number, or a product of those, as in I_n, I_3, I_{m·n}; not '"
                        + sub + "'");
            }
            size.add(factor.matches("[0-9]+") ? factor : Names.canonical(factor));
        }
        return new Node.Sized(span(t), text.startsWith("I"), List.copyOf(size));
    }

    /** K_{m,n}, K_{3,n}, K_{m·n,p} (or m*n): the commutation matrix and its two sizes. */
    private Node commutation(TerminalNode t) {
        String text = t.getText();
        String inside = text.substring(3, text.length() - 1);
        String[] sides = inside.split(",", -1);
        if (sides.length != 2) {
            throw new MatcalcException(span(t), "the commutation matrix is written with two sizes, K_{m,n} (K_{m,n} vec(A) = vec(Aᵀ)"
                    + " for A m×n); not '" + text + "'");
        }
        List<List<String>> sizes = new ArrayList<>();
        for (String side : sides) {
            List<String> size = new ArrayList<>();
            for (String f : side.split("[*\u00B7\u22C5]", -1)) {
                String factor = f.strip();
                if (!factor.matches("[0-9]+") && !factor.matches("[\\p{L}][\\p{L}\\p{Mn}0-9_\u2080-\u2089]*")) {
                    throw new MatcalcException(span(t), "each size of K_{m,n} is a dimension: a symbol or a number, or a"
                            + " product of those, as in K_{m,n}, K_{2,n}, K_{m·n,p}; not '" + side.strip() + "'");
                }
                size.add(factor.matches("[0-9]+") ? factor : Names.canonical(factor));
            }
            sizes.add(List.copyOf(size));
        }
        return new Node.Commutation(span(t), sizes.get(0), sizes.get(1));
    }

    private Node.Name name(TerminalNode t) {
        return new Node.Name(span(t), Names.canonical(t.getText()));
    }

    private Node number(TerminalNode t) {
        double v = Double.parseDouble(t.getText());
        if (Double.isInfinite(v)) throw new MatcalcException(span(t), "the number " + t.getText() + " is too large");
        return new Node.Number(span(t), v);
    }
}
