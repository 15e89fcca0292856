package matcalc.plan;

import java.util.List;
import matcalc.core.Dim;
import matcalc.core.Expr;
import matcalc.core.Fn;
import matcalc.core.Shape;

/**
 * A value and its derivatives lowered to one straight-line program in SSA form: every distinct
 * sub-expression of the expression DAG is one {@link Step}, computed once, after the steps it uses
 * (back-propagation's δ's once). Operands are names: an input, a size, or an earlier step. The
 * steps are at the level of one matrix operation each, so a target (NumPy, PyTorch, JAX, Java over
 * EJML, or an evaluation plan on preallocated EJML buffers) maps each to a call or two.
 *
 * @param name      the function's name
 * @param inputs    the variables the caller passes, in declaration order, with their shapes
 * @param sizes     each symbolic size, bound from the first input that has it (the others checked)
 * @param steps     the program, in dependency order
 * @param outputs   the value first, then each derivative asked for, each naming the step that holds it
 * @param notes     what the docstring says: the formulas as matcalc prints them, the assumptions
 */
public record Program(String name, List<Input> inputs, List<SizeBinding> sizes, List<Step> steps,
                      List<Output> outputs, Notes notes) {

    /** A variable the caller passes: its name in the code, its name in matcalc, its shape. */
    public record Input(String name, String matcalcName, Shape shape, List<String> properties) {}

    /** A size read off an input: name = input.shape[axis] (axis 0: rows, 1: columns). */
    public record SizeBinding(String name, Dim.Sym dim, String input, int axis) {}

    /** One assignment: name = op(args), a value of the shape given (symbolic sizes). */
    public record Step(String name, Op op, List<String> args, Shape shape, Expr source) {}

    /** A result returned: its name in the code, the step holding it, its shape, and its formula. */
    public record Output(String name, String step, Shape shape, String formula, String what) {}

    /**
     * The text around the code: the expression, its named intermediates, assumptions, layout, and
     * the derivatives that could not be checked numerically, each with the reason (none: all were).
     */
    public record Notes(String expression, List<String> definitions, List<String> assumptions, String layout,
                        List<String> unchecked) {}

    /** What a step computes. Operands are the step's args, in order. */
    public sealed interface Op permits Op.Size, Op.Const, Op.Ones, Op.Eye, Op.Zeros, Op.Add, Op.Product,
            Op.Hadamard, Op.Transpose, Op.Power, Op.Call, Op.Kron, Op.Solve, Op.Commutation {

        /** A size used as a number (B in sum(…) / B), a 1×1 value. No operands. */
        record Size(Dim dim) implements Op {}

        /** A number, 1×1. No operands. */
        record Const(double value) implements Op {}

        /** The ones column 𝟏 of length n. */
        record Ones(Dim n) implements Op {}

        /** The identity I of size n. */
        record Eye(Dim n) implements Op {}

        /** The zero matrix of the step's shape. */
        record Zeros() implements Op {}

        /**
         * The commutation matrix K_{m,n}, (m·n)×(m·n), with K vec(A) = vec(Aᵀ) for an m×n A (vec stacks
         * columns): entry (j + i·n, i + j·m) is 1 for i < m, j < n, every other 0. No operands.
         */
        record Commutation(Dim m, Dim n) implements Op {}

        /** The sum of the operands, all of the step's shape. */
        record Add() implements Op {}

        /**
         * coef · (the first {@code scalars} operands, each 1×1) · (the rest multiplied as matrices, left to
         * right); with no matrix operand the result is the 1×1 product of the scalars.
         */
        record Product(double coef, int scalars) implements Op {}

        /** The entrywise product of the operands, all of the step's shape. */
        record Hadamard() implements Op {}

        record Transpose() implements Op {}

        /**
         * base.^exponent entrywise: the exponent a number ({@code literal} non-null, no second operand)
         * or a 1×1 operand.
         */
        record Power(Double literal) implements Op {}

        /** A built-in function of one operand: sums and softmax per column as {@link Fn} defines them. */
        record Call(Fn fn) implements Op {}

        /** The Kronecker product of the two operands. */
        record Kron() implements Op {}

        /** A⁻¹ B without the inverse: the solution X of A X = B (operands A, B), of B's shape. */
        record Solve() implements Op {}
    }
}
