package matcalc.syntax;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * A file name a user typed, as a path: one the system cannot take (a character its file-name
 * encoding cannot write, under LANG=C; a NUL) is a clear error, not Java's InvalidPathException.
 */
public final class FileNames {
    private FileNames() {}

    /** The path named by raw, or a MatcalcException saying why it cannot be one. */
    public static Path path(String raw) {
        try {
            return Path.of(raw);
        } catch (InvalidPathException e) {
            throw MatcalcException.general(why(raw));
        }
    }

    /** Why raw cannot be a file name here. */
    public static String why(String raw) {
        String encoding = System.getProperty("sun.jnu.encoding", "");
        if (raw.indexOf('\0') >= 0) return "'" + printable(raw) + "' cannot be a file name: it holds a NUL character";
        if (encoding.equalsIgnoreCase("UTF-8")) {
            return "'" + printable(raw) + "' cannot be a file name: it holds a character that is not valid Unicode text";
        }
        return "'" + printable(raw) + "' cannot be a file name here: the system's file names are in " + encoding
                + ", which cannot write all of its characters (run matcalc with a UTF-8 locale, e.g. LANG=C.UTF-8)";
    }

    private static String printable(String raw) {
        return raw.replace("\0", "\\0");
    }
}
