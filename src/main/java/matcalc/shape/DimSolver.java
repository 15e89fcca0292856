package matcalc.shape;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import matcalc.core.Dim;

/**
 * Union-find over dimension terms. A class of equal dimensions may be bound to a literal size or
 * to a rigid symbol the user declared (n, d); classes that stay unbound are fresh unknowns, named
 * after where they came from (n_x for the length of an undeclared x). Two different literals, two
 * different rigid symbols, or a rigid symbol and a literal never unify: the user said they differ.
 */
public final class DimSolver {
    private final List<Integer> parent = new ArrayList<>();
    private final List<Object> binding = new ArrayList<>();   // Integer size, String rigid name, or null
    private final List<String> hint = new ArrayList<>();
    private final List<Boolean> notOne = new ArrayList<>();
    private final Map<String, Integer> rigid = new HashMap<>();

    public int fresh(String hintName) {
        parent.add(parent.size());
        binding.add(null);
        hint.add(hintName);
        notOne.add(false);
        return parent.size() - 1;
    }

    /**
     * An unknown that is never 1: the length of a vector or a side of a matrix whose kind comes
     * from its name. Unifying it with 1 fails, so x + α is an error, not a silent length-1 x.
     */
    public int freshDimension(String hintName) {
        int id = fresh(hintName);
        notOne.set(id, true);
        return id;
    }

    private final Map<Integer, Integer> literals = new HashMap<>();

    /** The class of a literal size (one class per size, like rigid symbols). */
    public int literal(int size) {
        return literals.computeIfAbsent(size, n -> {
            int id = fresh(Integer.toString(n));
            binding.set(id, n);
            return id;
        });
    }

    public int one() {
        return literal(1);
    }

    public int rigid(String name) {
        return rigid.computeIfAbsent(name, n -> {
            int id = fresh(n);
            binding.set(id, n);
            return id;
        });
    }

    public int find(int a) {
        while (parent.get(a) != a) {
            parent.set(a, parent.get(parent.get(a)));
            a = parent.get(a);
        }
        return a;
    }

    /** Makes a and b equal; false (and no change) when they are bound to different things. */
    public boolean unify(int a, int b) {
        int ra = find(a);
        int rb = find(b);
        if (ra == rb) return true;
        Object ba = binding.get(ra);
        Object bb = binding.get(rb);
        if (ba != null && bb != null && !ba.equals(bb)) return false;
        if ((notOne.get(ra) && Integer.valueOf(1).equals(bb)) || (notOne.get(rb) && Integer.valueOf(1).equals(ba))) {
            return false;
        }
        // the older class (or the bound one) becomes the representative, so names stay stable
        int root = ba != null ? ra : bb != null ? rb : Math.min(ra, rb);
        int child = root == ra ? rb : ra;
        parent.set(child, root);
        if (binding.get(root) == null) binding.set(root, binding.get(child));
        // a size named after 𝟏 or I only when no variable gives it a name: 𝟏 ⊘ x is n_x long
        if (anonymous(hint.get(root)) && !anonymous(hint.get(child))) hint.set(root, hint.get(child));
        notOne.set(root, notOne.get(root) || notOne.get(child));
        return true;
    }

    private static boolean anonymous(String hintName) {
        return hintName.equals("n_𝟏") || hintName.equals("n_I");
    }

    /** Known never to be 1: a declared symbol, a literal other than 1, or the length of a named vector. */
    public boolean isNotOne(int a) {
        int r = find(a);
        Object b = binding.get(r);
        return notOne.get(r) || b instanceof String || (b instanceof Integer n && n != 1);
    }

    /** A symbol a declaration named as a dimension (n in x: n). */
    public boolean isDimensionName(String name) {
        return rigid.containsKey(name);
    }

    public boolean isOne(int a) {
        return Integer.valueOf(1).equals(binding.get(find(a)));
    }

    /** How the class reads in a message: 3, n, or n_x. */
    public String show(int a) {
        Object b = binding.get(find(a));
        if (b != null) return b.toString();
        return hint.get(find(a));
    }

    /**
     * The final dimensions: literal, rigid symbol, or a symbol named after the unknown's hint
     * (made unique against the other names in use).
     */
    public Resolution resolve() {
        Map<Integer, Dim> byRoot = new HashMap<>();
        Set<String> used = new HashSet<>(rigid.keySet());
        for (int i = 0; i < parent.size(); i++) {
            int r = find(i);
            if (byRoot.containsKey(r)) continue;
            Object b = binding.get(r);
            if (b instanceof Integer n) {
                byRoot.put(r, Dim.of(n));
            } else if (b instanceof String s) {
                byRoot.put(r, Dim.sym(s));
            } else {
                String name = hint.get(r);
                int k = 2;
                while (used.contains(name)) name = hint.get(r) + "_" + k++;
                used.add(name);
                byRoot.put(r, Dim.sym(name));
            }
        }
        return id -> byRoot.get(find(id));
    }

    /** Maps a dimension term to its final {@link Dim}. */
    public interface Resolution {
        Dim dim(int id);
    }
}
