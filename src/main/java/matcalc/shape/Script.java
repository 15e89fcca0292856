package matcalc.shape;

import java.util.ArrayList;
import java.util.List;
import matcalc.syntax.Parsing;
import matcalc.syntax.Source;
import matcalc.syntax.Statement;

/**
 * A file of statements (examples/*.mc): declarations, definitions and assumptions go into a
 * {@link Context}; expression statements are checked against it, in order.
 */
public final class Script {
    private Script() {}

    /** The context the script builds and its expressions, each checked. */
    public record Result(Context context, List<Context.Checked> expressions, List<Statement.ExprStmt> statements) {}

    public static Result run(Source source) {
        Context context = new Context();
        List<Context.Checked> out = new ArrayList<>();
        List<Statement.ExprStmt> stmts = new ArrayList<>();
        for (Statement s : Parsing.script(source)) {
            if (s instanceof Statement.ExprStmt e) {
                out.add(context.check(e.expr()));
                stmts.add(e);
            } else {
                context.add(s);
            }
        }
        return new Result(context, out, stmts);
    }
}
