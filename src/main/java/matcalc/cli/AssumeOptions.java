package matcalc.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** --assume, shared by the commands that derive: assumptions the simplifier may use, such as sum(y) = 1. */
final class AssumeOptions {
    @Option(names = "--assume", paramLabel = "A", description = "an assumption, e.g. 'sum(y) = 1', or several separated by commas; repeatable")
    List<String> assumptions = new ArrayList<>();
}
