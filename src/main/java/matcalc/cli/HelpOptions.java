package matcalc.cli;

import picocli.CommandLine.Option;

/**
 * -h/--help and --version for each command. Unlike picocli's standard help options there is no -V:
 * after a command, an argument that starts with '-' is an expression ('-V', '-h(x)', '-sum(…)');
 * only -h and the long names are options.
 */
final class HelpOptions {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--version", versionHelp = true, description = "Print version information and exit.")
    boolean version;
}
