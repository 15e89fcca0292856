package matcalc.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import matcalc.calculus.Engine;
import matcalc.request.Requests;
import matcalc.syntax.MatcalcException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** matcalc codegen --target numpy|torch|jax|java [--let DECL]... [--assume A]... --wrt VAR,... [--layout L] [--name NAME] [--out FILE] EXPR */
@Command(name = "codegen", version = Main.VERSION,
        description = "Generate code computing an expression and its derivatives (as diff derives them): "
                + "one NumPy, PyTorch or JAX function, or a Java class over EJML.")
final class CodegenCommand implements Callable<Integer> {
    @Mixin
    HelpOptions help;

    @Mixin
    LetOptions lets;

    @Mixin
    AssumeOptions assume;

    @Option(names = "--target", required = true, paramLabel = "TARGET", description = "numpy, torch, jax or java")
    String target;

    @Option(names = "--wrt", paramLabel = "VAR", split = ",",
            description = "the variables to differentiate by; repeatable, or several separated by commas (none: the value only)")
    List<String> wrt = new ArrayList<>();

    @Option(names = "--layout", defaultValue = "numerator", paramLabel = "LAYOUT",
            description = "numerator (default), denominator (gradients in the variable's shape) or mixed")
    String layout;

    @Option(names = "--name", paramLabel = "NAME",
            description = "the function's name (Python, default loss_and_grad) or the class's (Java, default LossAndGrad)")
    String name;

    @Option(names = "--out", paramLabel = "FILE", description = "write the code to FILE instead of standard output")
    Path out;

    @Mixin
    TimeoutOption timeout;

    @Parameters(paramLabel = "EXPR", parameterConsumer = Expression.class, description = "the expression, e.g. '-sum(y ⊙ log(softmax(W x + b)))'; - reads it from standard input, @FILE takes the arguments from FILE, one per line")
    String expression;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return timeout.within(this::run);
    }

    private Integer run() {
        Engine engine = Requests.engine(lets.context(), assume.assumptions, "--assume");
        String code = Requests.code(engine, expression, wrt, layout, target, name);
        if (out == null) {
            spec.commandLine().getOut().print(code);
            return 0;
        }
        try {
            Files.writeString(out, code, StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw MatcalcException.io("cannot write", out, e);
        }
        spec.commandLine().getErr().println("wrote " + out);
        return 0;
    }
}
