package matcalc.web;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The page's files, from the class path only (never the file system): the page's own files under
 * {@code matcalc/web/} and KaTeX's from its webjar. A name is letters, digits, '.', '_' and '-',
 * never "." or ".." alone, so no request names a file outside those folders.
 */
final class StaticFiles {
    static final String KATEX = "META-INF/resources/webjars/katex/0.16.4/dist/";
    private static final String PAGE = "matcalc/web/";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");

    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("json", "application/json; charset=utf-8"),
            Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("mc", "text/plain; charset=utf-8"),
            Map.entry("csv", "text/csv; charset=utf-8"),
            Map.entry("png", "image/png"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("woff", "font/woff"),
            Map.entry("ttf", "font/ttf"));

    private StaticFiles() {}

    /** The file a GET path names, or null (404): /, /teacher, /static/NAME, /katex/PATH. */
    static Reply get(String path) throws IOException {
        if (path.equals("/")) return resource(PAGE + "index.html");
        if (path.equals("/teacher")) return resource(PAGE + "teacher.html");
        if (path.startsWith("/static/")) {
            String name = path.substring("/static/".length());
            return isName(name) ? resource(PAGE + name) : null;
        }
        if (path.startsWith("/katex/")) {
            String rest = path.substring("/katex/".length());
            for (String segment : rest.split("/", -1)) if (!isName(segment)) return null;
            return resource(KATEX + rest);
        }
        return null;
    }

    private static boolean isName(String segment) {
        return NAME.matcher(segment).matches() && !segment.equals(".") && !segment.equals("..");
    }

    private static Reply resource(String name) throws IOException {
        String type = TYPES.get(name.substring(name.lastIndexOf('.') + 1));
        if (type == null) return null;
        try (InputStream in = StaticFiles.class.getClassLoader().getResourceAsStream(name)) {
            return in == null ? null : new Reply(200, type, in.readAllBytes());
        }
    }
}
