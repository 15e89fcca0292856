package matcalc.cli;

import java.util.ArrayList;
import java.util.List;
import matcalc.Session;
import picocli.CommandLine.Option;

/** --assume, shared by the commands that derive: assumptions the simplifier may use, such as sum(y) = 1. */
final class AssumeOptions {
    @Option(names = "--assume", paramLabel = "A", description = "an assumption, e.g. 'sum(y) = 1'; repeatable")
    List<String> assumptions = new ArrayList<>();

    /** The session with the assumptions added. */
    Session applyTo(Session session) {
        for (String a : assumptions) session.assume(a);
        return session;
    }
}
