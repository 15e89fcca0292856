package matcalc.repl;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import matcalc.core.Fn;
import org.jline.builtins.Completers;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.CompletingParsedLine;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;

/**
 * Tab completion: `:commands` at the start of a line, LaTeX escapes after a backslash, file names
 * after :load and :save, and elsewhere the built-in functions and the session's names (declared
 * variables, named intermediates, variables with values); after d/ the names with their d.
 */
final class Completion implements Completer {
    private final Supplier<ReplState> state;
    private final Completer files = new Completers.FileNameCompleter();

    Completion(Supplier<ReplState> state) {
        this.state = state;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        String word = line.word().substring(0, line.wordCursor());
        String before = line.line().substring(0, Math.max(0, line.cursor() - line.wordCursor()));
        String lead = before.stripLeading();
        if (lead.startsWith(":load ") || lead.startsWith(":save ")) {
            files.complete(reader, line, candidates);
            return;
        }
        for (String c : candidates(before, word)) {
            boolean function = Fn.callableNames().contains(c);
            boolean escapeWithArgument = c.endsWith("{");
            candidates.add(new Candidate(c, c, null, null, null, null, !function && !escapeWithArgument));
        }
    }

    /** What may stand at the cursor, given the text before the word and the word so far. */
    List<String> candidates(String before, String word) {
        List<String> out = new ArrayList<>();
        if (word.startsWith(":")) {
            if (before.isBlank()) {
                out.addAll(Commands.HELP.keySet());
            }
            return out;
        }
        if (word.startsWith("\\")) {
            out.addAll(LatexEscapes.names());
            return out;
        }
        Set<String> names = new LinkedHashSet<>();
        ReplState s = state.get();
        names.addAll(s.context.declarations().keySet());
        names.addAll(s.context.definitions().keySet());
        names.addAll(s.values.values().keySet());
        String trimmed = before.stripTrailing();
        if (trimmed.endsWith("d/") || trimmed.endsWith("∂/")) {
            for (String n : names) out.add("d" + n);
            return out;
        }
        out.addAll(names);
        out.addAll(Fn.callableNames());
        if (before.isBlank()) out.add("assume");
        return out;
    }

    /**
     * Words for completion: names (letters, digits, _, combining marks such as the hat of ŷ), a
     * LaTeX escape with its backslash, or a :command at the start of the line. Everything else
     * (operators, brackets, the ' of a transpose) separates words and is never a quote.
     */
    static final class Words implements Parser {
        @Override
        public ParsedLine parse(String line, int cursor, ParseContext context) {
            List<String> words = new ArrayList<>();
            int wordIndex = -1;
            int wordStart = cursor;
            int i = 0;
            while (i < line.length()) {
                if (!startsWord(line, i)) {
                    i++;
                    continue;
                }
                int start = i;
                i++;
                while (i < line.length() && inWord(line.charAt(i))) i++;
                if (start <= cursor && cursor <= i) {
                    wordIndex = words.size();
                    wordStart = start;
                }
                words.add(line.substring(start, i));
            }
            if (wordIndex < 0) {
                // the cursor is between words: an empty word there
                wordIndex = 0;
                for (int k = 0, pos = 0; k < words.size(); k++) {
                    pos = line.indexOf(words.get(k), pos);
                    if (pos + words.get(k).length() <= cursor) wordIndex = k + 1;
                    pos += words.get(k).length();
                }
                words.add(wordIndex, "");
            }
            String word = words.get(wordIndex);
            int wordCursor = Math.min(word.length(), cursor - wordStart);
            return new Parsed(line, cursor, words, wordIndex, word, Math.max(0, wordCursor));
        }

        private static boolean startsWord(String line, int i) {
            char c = line.charAt(i);
            if (c == '\\') return true;
            if (c == ':') return line.substring(0, i).isBlank();
            return inWord(c);
        }

        private static boolean inWord(char c) {
            return Character.isLetterOrDigit(c) || c == '_' || Character.isSurrogate(c)
                    || Character.getType(c) == Character.NON_SPACING_MARK;
        }
    }

    /** A parsed line; nothing is ever quoted or escaped, so the raw word is the word. */
    private record Parsed(String line, int cursor, List<String> words, int wordIndex, String word, int wordCursor)
            implements CompletingParsedLine {
        @Override
        public CharSequence escape(CharSequence candidate, boolean complete) {
            return candidate;
        }

        @Override
        public int rawWordCursor() {
            return wordCursor;
        }

        @Override
        public int rawWordLength() {
            return word.length();
        }
    }
}
