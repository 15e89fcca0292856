package matcalc.cli;

import java.io.PrintWriter;
import matcalc.calculus.VerificationException;
import matcalc.present.ErrorView;
import matcalc.present.Format;
import matcalc.present.JsonRenderer;
import matcalc.present.TextRenderer;
import matcalc.syntax.MatcalcException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command line. Exit codes: 0 success, 1 a negative answer (a wrong homework answer), 2 bad
 * input (with a caret message on stderr), 70 an internal error (a bug; reported without a trace).
 */
@Command(name = "matcalc", mixinStandardHelpOptions = true, version = Main.VERSION,
        description = "Symbolic matrix calculus: derivatives with named steps, verified numerically.")
public final class Main implements Runnable {
    public static final int BAD_INPUT = 2;
    public static final int INTERNAL_ERROR = 70;
    static final String VERSION = "matcalc 0.1.0";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * The commands, in the order the usage lists them. Only the one a command line names is built
     * (picocli reads every command's options by reflection, a good part of a cold start); a line
     * that names none of them (--help, @FILE, a typo) gets them all, for the usage and the suggestions.
     */
    private static final java.util.Map<String, java.util.function.Supplier<Object>> COMMANDS = new java.util.LinkedHashMap<>();

    static {
        COMMANDS.put("eval", EvalCommand::new);
        COMMANDS.put("diff", DiffCommand::new);
        COMMANDS.put("check", CheckCommand::new);
        COMMANDS.put("grade", GradeCommand::new);
        COMMANDS.put("hessian", HessianCommand::new);
        COMMANDS.put("codegen", CodegenCommand::new);
        COMMANDS.put("serve", ServeCommand::new);
    }

    /** Where EXPR given as '-' is read from. */
    private final java.io.InputStream in;

    Main(java.io.InputStream in) {
        this.in = in;
    }

    /**
     * The expression on standard input, for EXPR given as '-': all of it, as one line (the final
     * line break dropped; a line break inside is reported by the parser at its place).
     */
    static String standardInput(CommandLine.Model.CommandSpec spec) {
        Main main = (Main) spec.root().userObject();
        try {
            String text = new String(main.in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            return text.endsWith("\r\n") ? text.substring(0, text.length() - 2)
                    : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        } catch (java.io.IOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "cannot read the expression from standard input: " + e.getMessage());
        }
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        if (args.length == 0) System.exit(matcalc.repl.Repl.start());   // the REPL
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** The first argument that looks like a long option but is none of the command's (quoted, with a suggestion), or null. */
    private static String unknownOption(CommandLine c, String[] arguments) {
        if (c.getCommandSpec().subcommands().size() > 0 && c.getParent() == null) return null;
        for (String a : arguments) {
            if (a.equals("--")) break;
            if (!a.startsWith("--")) continue;
            String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            if (c.getCommandSpec().findOption(name) == null) {
                java.util.List<String> names = new java.util.ArrayList<>();
                for (CommandLine.Model.OptionSpec o : c.getCommandSpec().options()) names.addAll(java.util.List.of(o.names()));
                return name + "'" + matcalc.syntax.Suggest.closest(name, names).map(n -> "; did you mean " + n + "?").orElse("");
            }
        }
        return null;
    }

    /** What is wrong with the arguments, in one line. */
    private static String optionError(CommandLine.ParameterException ex, CommandLine c, String[] arguments) {
        // an unknown --option is taken as the expression (so that '-sum(…)' is one), and the
        // expression then as an unmatched argument: name the option instead
        String unknown = unknownOption(c, arguments);
        if (unknown != null) return "unknown option: '" + unknown;
        if (ex instanceof CommandLine.UnmatchedArgumentException u && c.getParent() == null
                && !u.getUnmatched().isEmpty() && !u.getUnmatched().get(0).startsWith("-")) {
            String name = u.getUnmatched().get(0);
            var names = new java.util.ArrayList<>(c.getSubcommands().keySet());
            return "unknown command '" + name + "'" + matcalc.syntax.Suggest.closest(name, names)
                    .map(n -> "; did you mean " + n + "?").orElse(" (the commands: " + String.join(", ", names) + ")");
        }
        String message = ex.getMessage().lines().findFirst().orElse("bad arguments");
        return Character.toLowerCase(message.charAt(0)) + message.substring(1);
    }

    /** Runs matcalc with the given streams and returns the exit code (used by tests). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, System.in, out, err);
    }

    /** Runs matcalc; an expression given as '-' is read from {@code in}. */
    @SuppressWarnings("deprecation")   // setSplitQuotedStrings: the one way to split at commas whatever the quotes
    public static int run(String[] args, java.io.InputStream in, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main(in));
        // before the settings below, which apply to the commands added so far
        String named = args.length > 0 && COMMANDS.containsKey(args[0]) ? args[0] : null;
        COMMANDS.forEach((name, command) -> {
            if (named == null || named.equals(name)) cl.addSubcommand(name, command.get());
        });
        // @FILE stands for the arguments in FILE, one per line (picocli's simplified argument files):
        // a line may hold a whole expression, spaces and all
        cl.setUseSimplifiedAtFiles(true);
        // --wrt x,"y: a quote is not special when splitting at commas (picocli warned of
        // unbalanced quotes on stderr before the one-line error)
        cl.setSplitQuotedStrings(true);
        // a file name the system cannot take is one line, not picocli's conversion error naming Java classes
        cl.registerConverter(java.nio.file.Path.class, raw -> {
            try {
                return java.nio.file.Path.of(raw);
            } catch (java.nio.file.InvalidPathException e) {
                throw new CommandLine.TypeConversionException(matcalc.syntax.FileNames.why(raw));
            }
        });
        cl.setOut(out);
        cl.setErr(err);
        // an expression may start with '-' ('-sum(…)', '-h(x)', '-V'), as may an option's value
        // (--answer '-h(x)'): only whole option names are options, never -h followed by more
        cl.setUnmatchedOptionsArePositionalParams(true);
        cl.setPosixClusteredShortOptionsAllowed(false);
        cl.setAllowOptionsAsOptionParameters(true);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            Object command = commandLine.getCommand();
            String name = command instanceof Formatted f ? f.command() : commandLine.getCommandName();
            ErrorView view;
            if (ex instanceof MatcalcException m) {
                view = ErrorView.of(name, m, "--wrt ");
            } else if (ex instanceof matcalc.syntax.Deadline.Expired late) {
                // past --timeout: a refusal with the stage named, like bad input (exit 2)
                view = ErrorView.of(name, MatcalcException.general(late.getMessage()), "");
            } else if (ex instanceof VerificationException v) {
                view = ErrorView.internal(name, v.getMessage());
            } else {
                err.println("internal error (please report it): " + ex);
                return INTERNAL_ERROR;
            }
            // a program that asked for JSON reads the error as JSON, on stdout; people read it on stderr
            if (command instanceof Formatted f && f.format() == Format.json) {
                out.println(new JsonRenderer().error(view));
            } else {
                err.println(TextRenderer.unicode().error(view));
            }
            return view.internal() ? INTERNAL_ERROR : BAD_INPUT;
        });
        cl.setParameterExceptionHandler((ex, arguments) -> {
            CommandLine c = ex.getCommandLine();
            // one line and where to read more; the whole usage buried the line that mattered
            err.println("error: " + optionError(ex, c, arguments));
            err.println("see '" + c.getCommandSpec().qualifiedName() + " --help'");
            return BAD_INPUT;
        });
        int code = onLargeStack(() -> cl.execute(args), err);
        out.flush();
        err.flush();
        return code;
    }

    /** The stack of the thread a command runs on: deep expressions recurse through every stage. */
    static final long STACK_BYTES = 512L << 20;

    /**
     * Runs the command on a thread with a large stack, so that deeply nested input is handled; past
     * even that, one line says so (exit 2), never a stack trace.
     */
    private static int onLargeStack(java.util.function.IntSupplier command, PrintWriter err) {
        int[] code = {INTERNAL_ERROR};
        Throwable[] failure = {null};
        Thread t = new Thread(null, () -> {
            try {
                code[0] = command.getAsInt();
            } catch (Throwable e) {
                failure[0] = e;
            }
        }, "matcalc", STACK_BYTES);
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            t.interrupt();
            Thread.currentThread().interrupt();
            err.println("error: interrupted");
            return INTERNAL_ERROR;
        }
        if (failure[0] instanceof StackOverflowError) {
            err.println("error: the input is nested too deeply for matcalc; write it with fewer levels of nesting "
                    + "(name an inner part with --let 'u = …')");
            return BAD_INPUT;
        }
        if (failure[0] != null) {
            String s = String.valueOf(failure[0]);
            err.println("internal error (please report it): " + (s.contains("\n") ? s.substring(0, s.indexOf('\n')) : s));
            return INTERNAL_ERROR;
        }
        return code[0];
    }
}
