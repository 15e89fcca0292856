package matcalc.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import matcalc.calculus.Engine;
import matcalc.numeric.Point;
import matcalc.present.DerivativesView;
import matcalc.present.Format;
import matcalc.present.StepsView;
import matcalc.render.Pictures;
import matcalc.request.Requests;
import matcalc.syntax.MatcalcException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** matcalc diff [--let DECL]... [--assume A]... --wrt VAR [--layout L] [--format F] [--at POINT.json] EXPR */
@Command(name = "diff", version = Main.VERSION,
        description = "Differentiate an expression: the simplified derivative, checked numerically.")
final class DiffCommand implements Callable<Integer>, Formatted {
    @Mixin
    HelpOptions help;

    @Mixin
    LetOptions lets;

    @Mixin
    AssumeOptions assume;

    @Option(names = "--wrt", required = true, paramLabel = "VAR", split = ",",
            description = "the variable (or named intermediate) to differentiate by; repeatable, or several separated by commas")
    List<String> wrt = new ArrayList<>();

    @Option(names = "--layout", defaultValue = "numerator", paramLabel = "LAYOUT",
            description = "numerator (default, as the slides: ∂f/∂x is 1×n), denominator (gradients as columns) or mixed")
    String layout;

    @Mixin
    FormatOption format;

    @Mixin
    TimeoutOption timeout;

    @Option(names = "--at", paramLabel = "POINT.json", description = "also evaluate the derivative at these values")
    Path at;

    @Parameters(paramLabel = "EXPR", parameterConsumer = Expression.class, description = "the expression, e.g. '-sum(y ⊙ log(softmax(W x + b)))'; - reads it from standard input, @FILE takes the arguments from FILE, one per line")
    String expression;

    @Option(names = "--steps", description = "show the derivation step by step: intermediate functions, the chain "
            + "rule with the shape of each factor, and each simplification with the rule that fired")
    boolean steps;

    @Option(names = "--explicit", description = "write the derivative of a vector or matrix function out as the "
            + "matrix ∂vec(F)/∂vec(X) (Kronecker form, numerator layout) instead of its contraction with Δ")
    boolean explicit;

    @Option(names = "--standalone", description = "with --format latex: a complete .tex document (pdflatex)")
    boolean standalone;

    @Option(names = "--png", paramLabel = "FILE", description = "also render the derivation (or the result) as a PNG picture")
    Path png;

    @Option(names = "--svg", paramLabel = "FILE", description = "also render the derivation (or the result) as an SVG picture")
    Path svg;

    @Option(names = "--names", defaultValue = "auto", paramLabel = "WHEN",
            description = "print the result with named intermediates (h1 = tanh(W1 x + b1), δ1 = …): auto (default: "
                    + "when written out it would be over " + matcalc.core.Intermediates.AUTO_SIZE + " symbols and "
                    + "named it is a quarter shorter), on or off")
    matcalc.core.Intermediates.Mode names;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Format format() {
        return format.format;
    }

    @Override
    public String command() {
        return steps || standalone ? "steps" : "diff";
    }

    @Override
    public Integer call() throws Exception {
        return timeout.within(this::run);
    }

    private Integer run() {
        Engine engine = Requests.engine(lets.context(), assume.assumptions, "--assume");
        if (explicit && (steps || standalone)) {
            throw MatcalcException.general("--explicit does not combine with --steps or --standalone");
        }
        if (steps || standalone) return withSteps(engine);
        DerivativesView view = Requests.derivatives(engine, expression, wrt, layout, explicit,
                () -> at == null ? null : Point.load(at), names);
        spec.commandLine().getOut().println(Requests.print(format.format, lets.ascii, view));
        if (png != null || svg != null) pictures(Requests.pictureLatex(view));
        return 0;
    }

    /** --steps: each derivation worked out (the result itself was derived and verified first). */
    private int withSteps(Engine engine) {
        StepsView view = Requests.steps(engine, expression, wrt, layout, standalone, format.format);
        String out = Requests.print(Requests.stepsFormat(standalone, format.format), lets.ascii, view);
        if (view.standalone()) spec.commandLine().getOut().print(out + "\n");
        else spec.commandLine().getOut().println(out);
        if (png != null || svg != null) pictures(Requests.pictureLatex(view));
        return 0;
    }

    private void pictures(String latex) {
        if (png != null) {
            Pictures.png(latex, png);
            spec.commandLine().getErr().println("wrote " + png);
        }
        if (svg != null) {
            Pictures.svg(latex, svg);
            spec.commandLine().getErr().println("wrote " + svg);
        }
    }
}
