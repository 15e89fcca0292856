package matcalc.cli;

import java.util.concurrent.Callable;
import matcalc.calculus.Engine;
import matcalc.present.CheckView;
import matcalc.present.Format;
import matcalc.request.Requests;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** matcalc check [--let DECL]... [--assume A]... --wrt VAR --answer ANSWER [--layout L] [--format F] EXPR */
@Command(name = "check", version = Main.VERSION,
        description = "Check an answer for a derivative: exit 0 when it is right, 1 when it is wrong (with a diagnosis), 2 when it cannot be read or checked.")
final class CheckCommand implements Callable<Integer>, Formatted {
    @Mixin
    HelpOptions help;

    @Mixin
    LetOptions lets;

    @Mixin
    AssumeOptions assume;

    @Option(names = "--wrt", required = true, paramLabel = "VAR", description = "the variable the derivative is taken by")
    String wrt;

    @Option(names = "--answer", required = true, paramLabel = "ANSWER", description = "the answer to check, e.g. '(ŷ − y) xᵀ'")
    String answer;

    @Option(names = "--layout", defaultValue = "numerator", paramLabel = "LAYOUT",
            description = "numerator (default, as the slides), denominator (gradients as columns), mixed or either")
    String layout;

    @Mixin
    FormatOption format;

    @Mixin
    TimeoutOption timeout;

    @Option(names = "--reveal", description = "also print the right derivative when the answer is wrong")
    boolean reveal;

    @Parameters(paramLabel = "EXPR", parameterConsumer = Expression.class, description = "the expression, e.g. '-sum(y ⊙ log(softmax(W x + b)))'; - reads it from standard input, @FILE takes the arguments from FILE, one per line")
    String expression;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Format format() {
        return format.format;
    }

    @Override
    public String command() {
        return "check";
    }

    @Override
    public Integer call() throws Exception {
        return timeout.within(this::run);
    }

    private Integer run() {
        Engine engine = Requests.engine(lets.context(), assume.assumptions, "--assume");
        CheckView view = Requests.check(engine, expression, wrt, answer, layout, reveal);
        spec.commandLine().getOut().println(Requests.print(format.format, lets.ascii, view));
        return exitCode(view);
    }

    /** 0 right, 1 wrong; undecided (no point where everything is defined) is neither: as bad input, 2. */
    static int exitCode(CheckView view) {
        return switch (view.judgement().verdict()) {
            case CORRECT -> 0;
            case WRONG -> 1;
            case UNDECIDED -> 2;
        };
    }
}
