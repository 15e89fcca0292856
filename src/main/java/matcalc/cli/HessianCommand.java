package matcalc.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import matcalc.calculus.Engine;
import matcalc.numeric.Point;
import matcalc.present.Format;
import matcalc.request.Requests;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** matcalc hessian [--let DECL]... [--assume A]... --wrt X [--then Y] [--format F] [--at POINT.json] EXPR */
@Command(name = "hessian", version = Main.VERSION,
        description = "Second derivatives of a scalar: the Hessian ∂²f/∂x∂xᵀ, or ∂/∂y (∂f/∂x)ᵀ with --then y.")
final class HessianCommand implements Callable<Integer>, Formatted {
    @Mixin
    HelpOptions help;

    @Mixin
    LetOptions lets;

    @Mixin
    AssumeOptions assume;

    @Option(names = "--wrt", required = true, paramLabel = "X", description = "the (vector or scalar) variable")
    String wrt;

    @Option(names = "--then", paramLabel = "Y", description = "for a mixed second derivative: differentiate the gradient by Y")
    String then;

    @Mixin
    FormatOption format;

    @Mixin
    TimeoutOption timeout;

    @Option(names = "--at", paramLabel = "POINT.json", description = "also evaluate it at these values")
    Path at;

    @Parameters(paramLabel = "EXPR", parameterConsumer = Expression.class, description = "a scalar expression, e.g. 'xᵀ A x'; - reads it from standard input, @FILE takes the arguments from FILE, one per line")
    String expression;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Format format() {
        return format.format;
    }

    @Override
    public String command() {
        return "hessian";
    }

    @Override
    public Integer call() throws Exception {
        return timeout.within(this::run);
    }

    private Integer run() {
        Engine engine = Requests.engine(lets.context(), assume.assumptions, "--assume");
        var view = Requests.hessian(engine, expression, wrt, then, () -> at == null ? null : Point.load(at));
        spec.commandLine().getOut().println(Requests.print(format.format, lets.ascii, view));
        return 0;
    }
}
