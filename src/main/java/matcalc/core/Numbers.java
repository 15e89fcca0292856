package matcalc.core;

/** Shortest text for a double that parses back to the same double: 2, 0.5, 1e-3. */
public final class Numbers {
    private Numbers() {}

    public static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        String s = Double.toString(v);
        int e = s.indexOf('E');
        if (e >= 0) {
            String mantissa = s.substring(0, e);
            if (mantissa.endsWith(".0")) mantissa = mantissa.substring(0, mantissa.length() - 2);
            return mantissa + "e" + s.substring(e + 1);
        }
        return s;
    }
}
