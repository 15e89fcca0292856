package matcalc.web;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import matcalc.calculus.Engine;
import matcalc.core.Intermediates;
import matcalc.numeric.Point;
import matcalc.present.CheckView;
import matcalc.present.DerivativesView;
import matcalc.present.Format;
import matcalc.present.StepsView;
import matcalc.present.View;
import matcalc.render.Pictures;
import matcalc.request.GradeReport;
import matcalc.request.Requests;
import matcalc.shape.Context;
import matcalc.syntax.MatcalcException;
import matcalc.web.Members.Type;

/**
 * The endpoints of the HTTP API, each the command line's command of the same name: the members of
 * its JSON body (named like the long options), and what it answers, built by {@link Requests} as the
 * command line builds it, so that a document is the one {@code --format json} prints.
 */
final class Api {
    /** One endpoint: the command it is, the members it takes (the required ones first) and the work. */
    record Endpoint(String command, Map<String, Type> members, List<String> required, Function<Members, Reply> work) {}

    /** The members that are not strings. */
    private static final Map<String, Type> TYPES = Map.of("at", Type.OBJECT, "standalone", Type.BOOLEAN,
            "explicit", Type.BOOLEAN, "ascii", Type.BOOLEAN, "reveal", Type.BOOLEAN);

    private static final Map<String, Endpoint> ENDPOINTS = new LinkedHashMap<>();

    static {
        add("diff", members("expr", "let", "assume", "wrt", "layout", "names", "at", "format", "standalone", "explicit", "ascii"),
                List.of("expr", "wrt"), m -> diff(m, false));
        add("steps", members("expr", "let", "assume", "wrt", "layout", "names", "at", "format", "standalone", "explicit", "ascii"),
                List.of("expr", "wrt"), m -> diff(m, true));
        add("check", members("expr", "let", "assume", "wrt", "answer", "layout", "reveal", "format", "ascii"),
                List.of("expr", "wrt", "answer"), Api::check);
        add("eval", members("expr", "let", "at", "format", "ascii"), List.of("expr", "at"), Api::eval);
        add("hessian", members("expr", "let", "assume", "wrt", "then", "at", "format", "ascii"), List.of("expr", "wrt"), Api::hessian);
        add("codegen", members("expr", "let", "assume", "wrt", "layout", "target", "name"), List.of("expr", "target"), Api::codegen);
        // one worker per request: the pool's bound is the number of requests computing at once
        add("grade", members("problems", "submissions"), List.of("problems", "submissions"),
                m -> Reply.json(200, GradeReport.grade(m.string("problems", ""), m.string("submissions", ""), 1)));
    }

    private Api() {}

    static void add(String command, Map<String, Type> members, List<String> required, Function<Members, Reply> work) {
        ENDPOINTS.put(command, new Endpoint(command, members, required, work));
    }

    /** The endpoints' names, for messages. */
    static java.util.Set<String> names() {
        return ENDPOINTS.keySet();
    }

    /** The endpoint of /api/NAME, or null. */
    static Endpoint endpoint(String name) {
        return ENDPOINTS.get(name);
    }

    private static Map<String, Type> members(String... names) {
        Map<String, Type> m = new LinkedHashMap<>();
        for (String n : names) m.put(n, TYPES.getOrDefault(n, Type.STRING));
        return m;
    }

    /** The declarations of "let" (one text, statements separated by ';'), as the command line's --let. */
    static Context context(Members m) {
        Context c = new Context();
        String let = m.string("let", "");
        if (!let.isBlank()) c.let("let", let);
        return c;
    }

    static Engine engine(Members m) {
        String assume = m.string("assume", "");
        return Requests.engine(context(m), assume.isBlank() ? List.of() : List.of(assume), "assume");
    }

    /** The values of "at" (a JSON object, never a file name), read when the command reads its --at. */
    private static Supplier<Point> at(Members m) {
        return () -> m.has("at") ? Point.parse("at", m.object("at")) : null;
    }

    private static List<String> wrt(Members m) {
        return Arrays.asList(m.string("wrt", "").split(","));
    }

    /** "format": json (the default), text or latex; png and svg where a picture is offered. */
    private static String format(Members m, boolean pictures) {
        String f = m.string("format", "json");
        List<String> known = pictures ? List.of("json", "text", "latex", "png", "svg") : List.of("json", "text", "latex");
        if (!known.contains(f)) {
            throw MatcalcException.general("member \"format\" must be " + String.join(", ", known.subList(0, known.size() - 1))
                    + " or " + known.get(known.size() - 1) + ", not \"" + f + "\"");
        }
        return f;
    }

    /** A view in a format: JSON as an API document, text and LaTeX as plain text. */
    private static Reply print(Format format, boolean ascii, View view) {
        String out = Requests.print(format, ascii, view);
        return format == Format.json ? Reply.json(200, out) : Reply.text(out + "\n");
    }

    /** diff, or diff --steps (also diff --standalone, a document of the steps, as on the command line). */
    private static Reply diff(Members m, boolean steps) {
        String f = format(m, true);
        boolean picture = f.equals("png") || f.equals("svg");
        Format format = picture ? Format.latex : Format.valueOf(f);
        boolean standalone = m.flag("standalone");
        boolean explicit = m.flag("explicit");
        Engine engine = engine(m);
        String layout = m.string("layout", "numerator");
        if (explicit && (steps || standalone)) {
            throw MatcalcException.general("\"explicit\" does not combine with steps or \"standalone\"");
        }
        if (steps || standalone) {
            StepsView view = Requests.steps(engine, m.string("expr", ""), wrt(m), layout, standalone, format);
            if (picture) return picture(f, Requests.pictureLatex(view));
            return print(Requests.stepsFormat(standalone, format), m.flag("ascii"), view);
        }
        DerivativesView view = Requests.derivatives(engine, m.string("expr", ""), wrt(m), layout, explicit, at(m),
                Intermediates.Mode.valueOf(names(m)));
        if (picture) return picture(f, Requests.pictureLatex(view));
        return print(format, m.flag("ascii"), view);
    }

    private static String names(Members m) {
        String n = m.string("names", "auto");
        if (!List.of("auto", "on", "off").contains(n)) {
            throw MatcalcException.general("member \"names\" must be auto, on or off, not \"" + n + "\"");
        }
        return n;
    }

    private static Reply picture(String format, String latex) {
        return format.equals("png") ? new Reply(200, "image/png", Pictures.png(latex))
                : new Reply(200, "image/svg+xml", Pictures.svg(latex).getBytes(StandardCharsets.UTF_8));
    }

    /** check: a wrong answer is a verdict, 200 like a right one. */
    private static Reply check(Members m) {
        Format format = Format.valueOf(format(m, false));
        CheckView view = Requests.check(engine(m), m.string("expr", ""), m.string("wrt", ""), m.string("answer", ""),
                m.string("layout", "numerator"), m.flag("reveal"));
        return print(format, m.flag("ascii"), view);
    }

    private static Reply eval(Members m) {
        Format format = Format.valueOf(format(m, false));
        return print(format, m.flag("ascii"), Requests.eval(context(m), m.string("expr", ""), at(m)));
    }

    private static Reply hessian(Members m) {
        Format format = Format.valueOf(format(m, false));
        var view = Requests.hessian(engine(m), m.string("expr", ""), m.string("wrt", ""), m.string("then", null), at(m));
        return print(format, m.flag("ascii"), view);
    }

    /** codegen: the code as text, as the command prints it. */
    private static Reply codegen(Members m) {
        List<String> wrt = m.has("wrt") ? wrt(m) : List.of();
        return Reply.text(Requests.code(engine(m), m.string("expr", ""), wrt, m.string("layout", "numerator"),
                m.string("target", ""), m.string("name", null)));
    }
}
