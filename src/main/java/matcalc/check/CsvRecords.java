package matcalc.check;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Cuts a CSV text into records, each parsed by Commons CSV on its own, so that one broken record
 * (an unterminated quote, text after a closing quote) is reported with its line and skipped while
 * the rest are read. Commons CSV reads a whole file as one stream and stops at the first such
 * record; an unterminated quote would swallow every row after it.
 *
 * <p>The cut follows the lexer of {@code CSVFormat.DEFAULT} (RFC 4180): a quote opens a quoted
 * field only as the field's first character, two quotes inside it stand for one, and a line break
 * inside a quoted field belongs to the field, so a valid multi-line answer stays one record. A
 * quote that is never closed makes its record broken from its first line only: reading goes on at
 * the next line, so the rows it would have swallowed are graded.
 */
final class CsvRecords {
    private CsvRecords() {}

    /** A record: its fields, or why it cannot be read; {@code line} is the 1-based line it starts on. */
    record Csv(long line, List<String> fields, String problem) {
        boolean broken() {
            return problem != null;
        }
    }

    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setTrim(true).get();

    private enum State { START, UNQUOTED, QUOTED, QUOTE_SEEN, AFTER_QUOTE }

    /** Every record of the text in order; blank lines are left out. */
    static List<Csv> read(String text) {
        List<Csv> out = new ArrayList<>();
        int[] lineStarts = lineStarts(text);
        int line = 0;                                  // 0-based index into lineStarts
        while (line < lineStarts.length) {
            int start = lineStarts[line];
            if (start >= text.length()) break;
            Scan s = scan(text, start);
            String chunk = text.substring(start, s.end());
            if (chunk.isBlank()) {
                line = lineOf(lineStarts, s.end(), line) + 1;
                continue;
            }
            if (s.problem() != null) {
                out.add(new Csv(line + 1, null, s.problem()));
                line++;                                // what the broken record would have swallowed is read again
                continue;
            }
            out.add(parse(line + 1, chunk));
            line = lineOf(lineStarts, s.end(), line) + 1;
        }
        return out;
    }

    /**
     * The end of the record that starts at {@code start} (before its line break), or what is wrong
     * with it; {@code open} when the text ends inside a quoted field (more lines may close it).
     */
    private record Scan(int end, String problem, boolean open) {
        Scan(int end, String problem) {
            this(end, problem, false);
        }
    }

    private static Scan scan(CharSequence text, int start) {
        State state = State.START;
        int column = 1;
        int quoteColumn = 0;
        String problem = null;
        int i = start;
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean eol = c == '\n' || c == '\r';
            switch (state) {
                case START, UNQUOTED, AFTER_QUOTE -> {
                    if (eol) return new Scan(i, problem);
                    if (c == ',') state = State.START;
                    else if (state == State.START && c == '"') {
                        state = State.QUOTED;
                        quoteColumn = column;
                    } else if (state == State.START) state = State.UNQUOTED;
                    else if (state == State.AFTER_QUOTE && !Character.isWhitespace(c) && problem == null) {
                        problem = "text after the closing quote at column " + column + "; " + HOW_TO_QUOTE;
                    }
                }
                case QUOTED -> {
                    if (c == '"') state = State.QUOTE_SEEN;
                }
                case QUOTE_SEEN -> {
                    if (eol) return new Scan(i, problem);
                    if (c == '"') state = State.QUOTED;   // "" stands for one quote
                    else if (c == ',') state = State.START;
                    else {
                        state = State.AFTER_QUOTE;
                        if (!Character.isWhitespace(c) && problem == null) {
                            problem = "text after the closing quote at column " + column + "; " + HOW_TO_QUOTE;
                        }
                    }
                }
            }
            column = eol ? 1 : column + 1;
        }
        if (state == State.QUOTED) {
            return new Scan(i, "the quote at column " + quoteColumn + " is never closed; " + HOW_TO_QUOTE, true);
        }
        return new Scan(i, problem);
    }

    /**
     * The records of a text read one at a time, as {@link #read} cuts them (the same records, lines
     * and problems, in the same order), holding only the lines of the record being read: a quoted
     * field that is never closed holds the rest of the text until its end shows it broken, and the
     * lines after its first are then read again.
     */
    static final class Reading {
        private final Reader in;
        private final java.util.ArrayDeque<Line> pending = new java.util.ArrayDeque<>();
        private long lines;
        private boolean first = true;
        private String firstLine;

        /** A physical line with its line break (none at the end of the text), and its 1-based number. */
        private record Line(long number, String text) {}

        Reading(Reader in) {
            this.in = in.markSupported() ? in : new java.io.BufferedReader(in);
        }

        /** The next record, or null at the end of the text; blank lines are left out. */
        Csv next() throws IOException {
            while (true) {
                Line start = take();
                if (start == null) return null;
                StringBuilder text = new StringBuilder(start.text());
                List<Line> more = new ArrayList<>();
                Scan s = scan(text, 0);
                while (s.open()) {
                    Line l = take();
                    if (l == null) break;
                    more.add(l);
                    text.append(l.text());
                    s = scan(text, 0);
                }
                String chunk = text.substring(0, s.end());
                firstLine = start.text().replaceFirst("(\r\n|\r|\n)$", "");
                if (chunk.isBlank()) continue;
                if (s.problem() != null) {
                    for (int i = more.size() - 1; i >= 0; i--) pending.addFirst(more.get(i));   // read again
                    return new Csv(start.number(), null, s.problem());
                }
                return parse(start.number(), chunk);
            }
        }

        /** The first line of the record {@link #next} gave last, without its line break. */
        String firstLine() {
            return firstLine;
        }

        private Line take() throws IOException {
            if (!pending.isEmpty()) return pending.pollFirst();
            StringBuilder sb = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0) {
                if (first && sb.length() == 0 && c == '\uFEFF' && lines == 0) {   // a byte-order mark
                    first = false;
                    continue;
                }
                first = false;
                sb.append((char) c);
                if (c == '\n') break;
                if (c == '\r') {
                    in.mark(1);
                    int d = in.read();
                    if (d == '\n') sb.append('\n');
                    else if (d >= 0) in.reset();
                    break;
                }
            }
            if (sb.length() == 0) return null;
            return new Line(++lines, sb.toString());
        }
    }

    static final String HOW_TO_QUOTE = "quote the whole answer and double a quote inside it: \"say \"\"hi\"\"\"";

    /** One record's text: cut by {@link #fields} where it can, else through Commons CSV. */
    private static Csv parse(long line, String chunk) {
        List<String> quick = fields(chunk);
        return quick != null ? new Csv(line, quick, null) : commons(line, chunk);
    }

    /**
     * The fields of a record that {@link #scan} found whole, cut as Commons CSV cuts them with
     * {@link #FORMAT} (a quoted field's content with "" read as ", whitespace after its closing quote
     * dropped; each value trimmed), without building a parser per row; null for a record with a
     * control character other than tab and line breaks, or one this cut does not expect, which
     * Commons CSV then reads.
     */
    static List<String> fields(String chunk) {
        int n = chunk.length();
        if (chunk.isBlank()) return null;   // never a record (left out before)
        for (int k = 0; k < n; k++) {
            char c = chunk.charAt(k);
            if (c < ' ' && c != '\t' && c != '\n' && c != '\r') return null;
        }
        List<String> out = new ArrayList<>();
        int i = 0;
        while (true) {
            if (i < n && chunk.charAt(i) == '"') {
                StringBuilder sb = new StringBuilder();
                i++;
                while (true) {
                    if (i >= n) return null;
                    char c = chunk.charAt(i++);
                    if (c != '"') sb.append(c);
                    else if (i < n && chunk.charAt(i) == '"') {
                        sb.append('"');
                        i++;
                    } else break;
                }
                for (; i < n && chunk.charAt(i) != ','; i++) {
                    char c = chunk.charAt(i);
                    if (!Character.isWhitespace(c) || c == '\n' || c == '\r') return null;
                }
                out.add(sb.toString().trim());
            } else {
                int j = chunk.indexOf(',', i);
                if (j < 0) j = n;
                String f = chunk.substring(i, j);
                if (f.indexOf('\n') >= 0 || f.indexOf('\r') >= 0) return null;
                out.add(f.trim());
                i = j;
            }
            if (i >= n) return out;
            i++;   // the comma
        }
    }

    /** One record's text through Commons CSV. */
    static Csv commons(long line, String chunk) {
        try (CSVParser p = CSVParser.parse(new StringReader(chunk), FORMAT)) {
            List<CSVRecord> records = p.getRecords();
            if (records.size() != 1) return new Csv(line, null, "not one record but " + records.size());
            return new Csv(line, records.get(0).toList(), null);
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            // the cut above follows the same rules, so this is not expected; say it in one line all the same
            String m = String.valueOf(e.getMessage());
            return new Csv(line, null, "not a CSV row: " + m.lines().findFirst().orElse(m));
        }
    }

    /** The offset at which each line starts; \n, \r\n and a lone \r end a line, as in Commons CSV. */
    private static int[] lineStarts(String text) {
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') i++;
            if (c == '\n' || c == '\r') starts.add(i + 1);
        }
        return starts.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The line (0-based) holding offset {@code at}, searching from {@code from}. */
    private static int lineOf(int[] starts, int at, int from) {
        int l = from;
        while (l + 1 < starts.length && starts[l + 1] <= at) l++;
        return l;
    }
}
