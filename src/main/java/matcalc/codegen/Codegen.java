package matcalc.codegen;

import java.util.List;
import matcalc.calculus.Engine;
import matcalc.calculus.Layout;
import matcalc.plan.Namer;
import matcalc.plan.Program;
import matcalc.syntax.MatcalcException;

/**
 * Code for an expression and its derivatives: {@link Lowering} to a {@link Program}, then the
 * target's emitter. What cannot be written correctly is refused with a one-line reason.
 */
public final class Codegen {
    private Codegen() {}

    /** The default function name: loss_and_grad in Python, LossAndGrad (a class) in Java. */
    public static String defaultName(Target target) {
        return target == Target.JAVA ? "LossAndGrad" : "loss_and_grad";
    }

    /** Source code of one function (a class in Java) computing the value and each derivative. */
    public static String generate(Engine engine, String expression, List<String> wrts, Layout layout, Target target,
                                  String name) {
        String n = name == null ? defaultName(target) : name.strip();
        if (!n.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw MatcalcException.general("--name " + name + " is not a name in " + target.label()
                    + ": use letters, digits and _");
        }
        if (n.equals(Lowering.identifier(n)) && Namer.isReserved(n)) {
            throw MatcalcException.general("--name " + n + " is a reserved word or a module name in generated code");
        }
        Program p = Lowering.lower(engine, expression, wrts, layout, n);
        return target.emitter().emit(p);
    }

    /** The program of derivatives already derived by the engine (engine.derive(expression, wrts, layout)). */
    public static Program lower(Engine engine, String expression, java.util.Map<String, matcalc.calculus.VerifiedDerivative> derived,
                                Layout layout, String name) {
        return Lowering.lower(engine, expression, derived, layout, name);
    }

    /** The program as source code of the target. */
    public static String emit(Program program, Target target) {
        return target.emitter().emit(program);
    }

    /** The program itself, for executors other than the emitters (an evaluation plan). */
    public static Program lower(Engine engine, String expression, List<String> wrts, Layout layout, String name) {
        return Lowering.lower(engine, expression, wrts, layout, name);
    }
}
