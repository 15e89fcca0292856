package matcalc.cli;

import java.util.Stack;
import picocli.CommandLine;
import picocli.CommandLine.IParameterConsumer;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Takes the next argument as the command's expression as it is, even when it starts with '-':
 * picocli would refuse '-h(x)' or '-h1' there, as looking like the -h option with more after it.
 * A lone '-' reads the expression from standard input: a command-line argument is limited to
 * 128 KB on Linux, too little for a 1 MB expression or 100,000 nested parentheses.
 */
final class Expression implements IParameterConsumer {
    @Override
    public void consumeParameters(Stack<String> args, ArgSpec argSpec, CommandSpec commandSpec) {
        String arg = args.pop();
        // no expression starts with "--": a misspelt option left where the expression goes
        if (arg.startsWith("--") && arg.length() > 2) {
            throw new CommandLine.UnmatchedArgumentException(commandSpec.commandLine(), "Unknown option: '" + arg + "'");
        }
        // with -h or -V before it, the command prints its help and never reads the expression:
        // reading standard input then would wait at a terminal for nothing
        CommandLine cl = commandSpec.commandLine();
        boolean helpOnly = cl.isUsageHelpRequested() || cl.isVersionHelpRequested();
        argSpec.setValue(arg.equals("-") && !helpOnly ? Main.standardInput(commandSpec) : arg);
    }
}
