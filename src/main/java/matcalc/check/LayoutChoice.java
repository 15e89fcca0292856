package matcalc.check;

import matcalc.syntax.MatcalcException;

/** The layout an answer is graded in; {@code EITHER} accepts numerator and denominator layout. */
public enum LayoutChoice {
    NUMERATOR, DENOMINATOR, EITHER;

    public static LayoutChoice parse(String text) {
        return switch (text.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "numerator" -> NUMERATOR;
            case "denominator" -> DENOMINATOR;
            case "either" -> EITHER;
            default -> throw MatcalcException.general("--layout " + text + ": expected numerator, denominator or either");
        };
    }
}
