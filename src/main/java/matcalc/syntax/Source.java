package matcalc.syntax;

/**
 * A piece of input text with a name for messages ("input", "--let 2", "rules/simplify.rules").
 * Offsets everywhere in matcalc are code-point offsets into {@link #text()}, as ANTLR's
 * CodePointCharStream reports them, so that 𝟏 (outside the BMP) counts as one character.
 */
public record Source(String name, String text) {

    /** The 1-based line of a code-point offset. */
    public int line(int offset) {
        int line = 1;
        int[] cps = text.codePoints().toArray();
        for (int i = 0; i < Math.min(offset, cps.length); i++) {
            if (cps[i] == '\n') line++;
        }
        return line;
    }

    /** The 1-based column of a code-point offset, counting what a terminal shows (combining marks take no column). */
    public int column(int offset) {
        int[] cps = text.codePoints().toArray();
        int col = 1;
        for (int i = 0; i < Math.min(offset, cps.length); i++) {
            if (cps[i] == '\n') col = 1;
            else if (!isCombining(cps[i])) col++;
        }
        return col;
    }

    /** The code-point offset where the line that holds the offset begins. */
    public int lineStart(int offset) {
        int[] cps = text.codePoints().toArray();
        int start = Math.min(offset, cps.length);
        while (start > 0 && cps[start - 1] != '\n') start--;
        return start;
    }

    /** The text of the line that holds the offset, without its line break. */
    public String lineText(int offset) {
        int[] cps = text.codePoints().toArray();
        int start = Math.min(offset, cps.length);
        while (start > 0 && cps[start - 1] != '\n') start--;
        int end = start;
        while (end < cps.length && cps[end] != '\n') end++;
        return new String(cps, start, end - start);
    }

    // equals and hashCode written out, with the values the record's own would give (31 h + h per
    // component, in order): the generated ones bootstrap method handles at first use, a visible
    // share of a cold start (ARCHITECTURE.md, the start path); RecordMethodsTest holds them equal
    @Override
    public boolean equals(Object o) {
        return o instanceof Source s && java.util.Objects.equals(name, s.name) && java.util.Objects.equals(text, s.text);
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Objects.hashCode(name) + java.util.Objects.hashCode(text);
    }

    static boolean isCombining(int cp) {
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK;
    }
}
