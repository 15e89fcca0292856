package matcalc.numeric;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import matcalc.core.Dim;
import matcalc.core.Expr;
import matcalc.core.Shape;
import matcalc.syntax.MatcalcException;

/**
 * The memory an evaluation needs, estimated from the sizes before anything is allocated, so that a
 * size whose intermediates cannot fit the heap is refused with the estimate rather than thrown at
 * the heap: "evaluating this at X: 100000×100000 needs about 480 GB; the heap is 6 GB".
 *
 * <p>The estimate is the sum of rows × cols × 8 bytes over the nodes of the expressions, each object
 * once (the {@link Evaluator} keeps every intermediate, so they are live together; it keeps equal ones once, so this is an upper bound),
 * each variable once, the
 * factorisation's copy for det, logdet and inv, and as many extra copies of the largest variable as
 * the caller says it makes (the verifier's directions and shifted points). It is compared with
 * what the heap can still give: {@code maxMemory()} less what is in use.
 */
public final class Footprint {
    private static final long DOUBLE = Double.BYTES;

    private Footprint() {}

    /** The heap's answer to a request: what is needed, what is available. */
    public static final class TooLarge extends MatcalcException {
        private static final long serialVersionUID = 1L;

        TooLarge(String message) {
            super(matcalc.syntax.Diagnostic.general(message));
        }
    }

    /**
     * Refuses (throws {@link TooLarge}) when evaluating {@code exprs} at these sizes needs more than
     * the heap has free; {@code doing} says what for ("evaluating this", "checking it numerically"),
     * {@code copies} how many extra copies of the largest variable the caller makes.
     */
    public static void require(String doing, Map<String, Integer> sizes, int copies, Expr... exprs) {
        String refusal = tooLarge(doing, sizes, copies, exprs);
        if (refusal != null) throw new TooLarge(refusal);
    }

    /** Why the evaluation cannot fit the heap (as {@link #require} words it), or null when it can. */
    public static String tooLarge(String doing, Map<String, Integer> sizes, int copies, Expr... exprs) {
        return refusal(doing, sizes, copies, available(), Runtime.getRuntime().maxMemory(), exprs);
    }

    /** Bytes of heap per byte of a JSON file of values, read as a tree: "1, " becomes a node, a reference and a double. */
    static final int JSON_FACTOR = 20;

    /** Refuses a file of values whose reading cannot fit the heap, before reading it. */
    public static void requireFile(java.nio.file.Path file) {
        long size;
        try {
            size = java.nio.file.Files.size(file);
        } catch (java.io.IOException | SecurityException e) {
            return;   // reading it says what is wrong
        }
        String refusal = fileRefusal(file, size, available(), Runtime.getRuntime().maxMemory());
        if (refusal != null) throw new TooLarge(refusal);
    }

    /** Why reading a file of values of this size cannot fit in {@code available} bytes, or null. */
    static String fileRefusal(java.nio.file.Path file, long size, long available, long max) {
        long need = saturatedMultiply(size, JSON_FACTOR);
        if (need <= available) return null;
        return "reading " + file + " (" + human(size) + ") needs about " + human(need) + "; the heap has "
                + human(available) + " free of " + human(max) + " (use smaller values, or give Java more with -Xmx)";
    }

    /** Why evaluating at these sizes cannot fit in {@code available} bytes, or null when it can. */
    static String refusal(String doing, Map<String, Integer> sizes, int copies, long available, long max, Expr... exprs) {
        Profile profile = profile(exprs);
        long need = profile.bytes(sizes);
        long largest = 0;
        for (Shape s : profile.variableShapes().keySet()) largest = Math.max(largest, bytes(s, sizes));
        need = saturatedAdd(need, saturatedMultiply(copies, largest));
        if (need <= available) return null;
        Map<String, Long> vars = profile.variableBytes(sizes);
        return doing + at(vars, sizes, exprs) + " needs about " + human(need) + "; the heap has " + human(available)
                + " free of " + human(max) + " (use smaller sizes, or give Java more with -Xmx)";
    }

    /** What the heap can still give: the maximum less what is in use now. */
    static long available() {
        Runtime r = Runtime.getRuntime();
        return r.maxMemory() - (r.totalMemory() - r.freeMemory());
    }

    /**
     * Bytes for the values of every distinct node of the expressions at these sizes (a symbol without
     * a size counts as 1); {@code vars} gets each variable's share.
     */
    static long bytes(Map<String, Integer> sizes, Map<String, Long> vars, Expr... exprs) {
        Profile profile = profile(exprs);
        vars.putAll(profile.variableBytes(sizes));
        return profile.bytes(sizes);
    }

    /**
     * What an expression holds, whatever the sizes: how many distinct nodes of each shape (LU's copies
     * counted as their argument's shape) and each variable's shape. The verifier evaluates one
     * expression at several sizes and points some fifteen times: the walk over a sum of 100,000 terms
     * is done once for them.
     */
    private record Profile(Expr[] exprs, Map<Shape, Long> nodes, Map<Shape, Long> variableShapes,
                           Map<String, Shape> variables) {
        /** The bytes of every node and variable at these sizes (one product per distinct shape). */
        long bytes(Map<String, Integer> sizes) {
            long total = 0;
            for (Map<Shape, Long> m : List.of(nodes, variableShapes)) {
                for (Map.Entry<Shape, Long> e : m.entrySet()) {
                    total = saturatedAdd(total, saturatedMultiply(e.getValue(), Footprint.bytes(e.getKey(), sizes)));
                }
            }
            return total;
        }

        /** Each variable's bytes at these sizes. */
        Map<String, Long> variableBytes(Map<String, Integer> sizes) {
            Map<String, Long> out = new LinkedHashMap<>();
            variables.forEach((name, shape) -> out.put(name, Footprint.bytes(shape, sizes)));
            return out;
        }
    }

    /** The last few profiles on this thread (the verifier alternates the function, the derivative and both). */
    private static final ThreadLocal<Deque<Profile>> RECENT = ThreadLocal.withInitial(ArrayDeque::new);
    private static final int RECENT_KEPT = 4;

    private static Profile profile(Expr... exprs) {
        Deque<Profile> recent = RECENT.get();
        for (Profile last : recent) {
            if (last.exprs().length != exprs.length) continue;
            boolean same = true;
            for (int i = 0; i < exprs.length; i++) same &= last.exprs()[i] == exprs[i];
            if (same) return last;
        }
        Map<Shape, Long> nodes = new java.util.HashMap<>();
        Map<String, Shape> variables = new LinkedHashMap<>();
        // by identity: the evaluator keeps equal sub-expressions once, so this is an upper bound
        Set<Expr> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        Deque<Expr> todo = new ArrayDeque<>(List.of(exprs));
        while (!todo.isEmpty()) {
            Expr e = todo.pop();
            if (!seen.add(e)) continue;
            if (e instanceof Expr.Var v) {
                // a variable's value is the point's, however many nodes name it
                variables.putIfAbsent(v.name(), v.shape());
            } else {
                nodes.merge(e.shape(), 1L, Long::sum);
            }
            // LU (det, logdet, inv) works on a copy of its argument
            if (e instanceof Expr.Apply a && a.fn().domain().drawnInvertible()) nodes.merge(a.arg().shape(), 1L, Long::sum);
            todo.addAll(e.children());
        }
        Map<Shape, Long> variableShapes = new java.util.HashMap<>();
        for (Shape v : variables.values()) variableShapes.merge(v, 1L, Long::sum);
        Profile p = new Profile(exprs.clone(), nodes, variableShapes, variables);
        recent.addFirst(p);
        if (recent.size() > RECENT_KEPT) recent.removeLast();
        return p;
    }

    private static long b(Expr e, Map<String, Integer> sizes) {
        return bytes(e.shape(), sizes);
    }

    private static long bytes(Shape s, Map<String, Integer> sizes) {
        return saturatedMultiply(saturatedMultiply(size(s.rows(), sizes), size(s.cols(), sizes)), DOUBLE);
    }

    private static long size(Dim d, Map<String, Integer> sizes) {
        long n = 1;
        for (Dim f : d.factors()) {
            Integer k = f instanceof Dim.Lit l ? Integer.valueOf(l.size()) : sizes.get(((Dim.Sym) f).name());
            n = saturatedMultiply(n, k == null ? 1 : k);
        }
        return n;
    }

    /** " at X: 100000×100000, x: 100000": the two largest variables. */
    private static String at(Map<String, Long> vars, Map<String, Integer> sizes, Expr... exprs) {
        Map<String, Shape> shapes = new LinkedHashMap<>();
        Set<Expr> seen = new HashSet<>();
        Deque<Expr> todo = new ArrayDeque<>(List.of(exprs));
        while (!todo.isEmpty()) {
            Expr e = todo.pop();
            if (!seen.add(e)) continue;
            if (e instanceof Expr.Var v) shapes.put(v.name(), v.shape());
            todo.addAll(e.children());
        }
        List<String> names = new ArrayList<>(vars.keySet());
        names.sort(Comparator.comparingLong((String n) -> vars.get(n)).reversed());
        List<String> parts = new ArrayList<>();
        for (String n : names.subList(0, Math.min(2, names.size()))) {
            Shape s = shapes.get(n);
            long r = size(s.rows(), sizes);
            long c = size(s.cols(), sizes);
            parts.add(n + ": " + (c == 1 ? r == 1 ? "scalar" : Long.toString(r) : r + "×" + c));
        }
        return parts.isEmpty() ? "" : " at " + String.join(", ", parts);
    }

    /** 80 GB, 512 MB, 3 KB. */
    static String human(long bytes) {
        String[] units = {"bytes", "KB", "MB", "GB", "TB", "PB", "EB"};
        double v = bytes;
        int u = 0;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        if (u == 0) return bytes + " bytes";
        return (v >= 10 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v)) + " " + units[u];
    }

    private static long saturatedAdd(long a, long b) {
        long s = a + b;
        return s < 0 ? Long.MAX_VALUE : s;
    }

    private static long saturatedMultiply(long a, long b) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        return hi != 0 || lo < 0 ? Long.MAX_VALUE : lo;
    }
}
