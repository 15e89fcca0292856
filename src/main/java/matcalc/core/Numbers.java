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

    /**
     * A number whose shortest decimal is long (1/3 is 0.3333333333333333) as a fraction p/q with
     * q ≤ 1000 that reads back as the same double, {p, q}; null for short decimals (0.5, 0.25) and
     * numbers no such fraction gives.
     */
    public static long[] fraction(double v) {
        if (!Double.isFinite(v) || v == Math.rint(v) || format(v).length() <= 6) return null;
        for (long q = 2; q <= 1000; q++) {
            double p = Math.rint(v * q);
            if (Math.abs(p) >= 1e15) return null;
            if (p * (1.0 / q) == v && p / q == v) return new long[] {(long) p, q};
        }
        return null;
    }
}
