package matcalc.cli;

import java.util.Stack;
import picocli.CommandLine;
import picocli.CommandLine.IParameterConsumer;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Takes the next argument as the command's expression as it is, even when it starts with '-':
 * picocli would refuse '-h(x)' or '-h1' there, as looking like the -h option with more after it.
 */
final class Expression implements IParameterConsumer {
    @Override
    public void consumeParameters(Stack<String> args, ArgSpec argSpec, CommandSpec commandSpec) {
        String arg = args.pop();
        // no expression starts with "--": a misspelt option left where the expression goes
        if (arg.startsWith("--") && arg.length() > 2) {
            throw new CommandLine.UnmatchedArgumentException(commandSpec.commandLine(), "Unknown option: '" + arg + "'");
        }
        argSpec.setValue(arg);
    }
}
