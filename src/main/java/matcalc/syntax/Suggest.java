package matcalc.syntax;

import java.util.Collection;
import java.util.Optional;
import org.apache.commons.text.similarity.LevenshteinDistance;

/** "did you mean softmax?": the closest known name within a small edit distance. */
public final class Suggest {
    private Suggest() {}

    public static Optional<String> closest(String word, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        int limit = Math.max(1, Math.min(3, word.length() / 2));
        LevenshteinDistance lev = new LevenshteinDistance(limit);
        for (String k : known) {
            int d = lev.apply(word.toLowerCase(), k.toLowerCase());
            if (d >= 0 && d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return Optional.ofNullable(best);
    }
}
