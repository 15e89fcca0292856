package matcalc.syntax;

import java.util.List;

/**
 * The surface syntax tree: what the user wrote, with a {@link Span} on every node. It is built from
 * ANTLR's parse tree by {@link AstBuilder} and consumed by the shape checker, which turns it into the
 * typed core {@link matcalc.core.Expr}. Names are already normalised (NFC, ASCII aliases resolved).
 */
public sealed interface Node {
    Span span();

    enum Op { ADD, SUB, MUL, JUXTAPOSE, DIV, HADAMARD, ELEMDIV, KRON }

    record Name(Span span, String name) implements Node {}

    record Number(Span span, double value) implements Node {}

    record OnesLit(Span span) implements Node {}

    /**
     * 𝟏_n (ones_n) or I_n with its size written: each factor of the size a name or a number
     * (I_{m·n} has two), names canonical.
     */
    record Sized(Span span, boolean identity, List<String> size) implements Node {}

    /**
     * K_{m,n}, the commutation matrix, with its two sizes written: each a list of factors (names or
     * numbers) like a {@link Sized} size.
     */
    record Commutation(Span span, List<String> m, List<String> n) implements Node {}

    /** name(args) or name'(args); adjacent says there was no space before the parenthesis. */
    record Call(Span span, Name name, int primes, List<Node> args, boolean adjacent) implements Node {}

    record Binary(Span span, Op op, Node left, Node right, Span opSpan) implements Node {}

    record Neg(Span span, Node arg) implements Node {}

    record Transpose(Span span, Node arg) implements Node {}

    /** base^exponent (elementwise = false) or base.^exponent. */
    record Power(Span span, Node base, Node exponent, boolean elementwise) implements Node {}

    /** A⁻¹ or A^-1. */
    record Inverse(Span span, Node arg) implements Node {}

    /** (e): kept so that spans and carets cover the parentheses. */
    record Paren(Span span, Node inner) implements Node {}

    /** ‖x‖. */
    record Norm(Span span, Node arg) implements Node {}

    /** ?a in a rule pattern. */
    record PatternVar(Span span, String name) implements Node {}

    /** ?h(x) or ?h'(x) in a rule: any undeclared elementwise function (and its derivatives). */
    record PatternCall(Span span, PatternVar fn, int primes, Node arg) implements Node {}
}
