package matcalc.cli;

import java.util.Stack;
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
        argSpec.setValue(args.pop());
    }
}
