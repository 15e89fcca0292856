package matcalc.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import matcalc.numeric.Point;
import matcalc.present.EvalView;
import matcalc.present.Format;
import matcalc.request.Requests;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** matcalc eval [--let DECL]... --at POINT.json [--format text|latex|json] EXPR */
@Command(name = "eval", description = "Evaluate an expression at a point.", version = Main.VERSION)
final class EvalCommand implements Callable<Integer>, Formatted {
    @Mixin
    HelpOptions help;

    @Mixin
    LetOptions lets;

    @Option(names = "--at", required = true, paramLabel = "POINT.json",
            description = "values: {\"W\": [[1,2],[3,4]], \"x\": [0.5,-1], \"alpha\": 0.3}")
    Path at;

    @Mixin
    FormatOption format;

    @Mixin
    TimeoutOption timeout;

    @Parameters(paramLabel = "EXPR", parameterConsumer = Expression.class, description = "the expression, e.g. 'sum(W x + b)'; - reads it from standard input, @FILE takes the arguments from FILE, one per line")
    String expression;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Format format() {
        return format.format;
    }

    @Override
    public String command() {
        return "eval";
    }

    @Override
    public Integer call() throws Exception {
        return timeout.within(this::run);
    }

    private Integer run() {
        EvalView view = Requests.eval(lets.context(), expression, () -> Point.load(at));
        spec.commandLine().getOut().println(Requests.print(format.format, lets.ascii, view));
        return 0;
    }
}
