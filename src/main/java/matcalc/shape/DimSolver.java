package matcalc.shape;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import matcalc.core.Dim;

/**
 * Union-find over dimension terms. A class of equal dimensions may be bound to a literal size, to
 * a rigid symbol the user declared (n, d), or to a product of classes (n·m, 2·n); classes that stay
 * unbound are fresh unknowns, named after where they came from (n_x for the length of an
 * undeclared x). Two different literals, two different rigid symbols, or a rigid symbol and a
 * literal never unify: the user said they differ. A rigid symbol stands for every size at once, so
 * a product unifies with another term only where the two are equal as products of symbols, after
 * the unknowns among the factors are solved for; where that leaves more than one solution
 * (u·v = 6) the solver throws {@link Undecidable} rather than guess.
 */
public final class DimSolver {
    private final List<Integer> parent = new ArrayList<>();
    private final List<Object> binding = new ArrayList<>();   // Integer size, String rigid name, Term, or null
    private final List<String> hint = new ArrayList<>();
    private final List<Boolean> notOne = new ArrayList<>();
    private final Map<String, Integer> rigid = new HashMap<>();

    /** A product of classes (the ids as built; {@link #norm} reads them through their current roots). */
    private record Term(List<Integer> factors) {}

    /**
     * A product in normal form: a literal coefficient times classes that are roots bound to
     * nothing or to a rigid symbol, sorted by id.
     */
    private record Norm(int coefficient, List<Integer> roots) {
        boolean isOne() {
            return coefficient == 1 && roots.isEmpty();
        }
    }

    /** Unification cannot decide: the product equation has more than one solution (u·v = 6). */
    public static final class Undecidable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Undecidable(String message) {
            super(message);
        }
    }

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

    /**
     * The class of the product of these classes: a literal when every factor is one, the factor
     * itself when only one is not 1, else a class bound to the product.
     *
     * @throws ArithmeticException if the literal part overflows an int
     */
    public int product(List<Integer> factors) {
        Norm n = multiply(factors);
        if (n.roots().isEmpty()) return literal(n.coefficient());
        if (n.roots().size() == 1 && n.coefficient() == 1) return n.roots().get(0);
        int id = fresh(show(n));
        binding.set(id, new Term(termFactors(n)));
        return id;
    }

    public int find(int a) {
        while (parent.get(a) != a) {
            parent.set(a, parent.get(parent.get(a)));
            a = parent.get(a);
        }
        return a;
    }

    /**
     * Makes a and b equal; false (and no change) when they are bound to different things.
     *
     * @throws Undecidable when a product would have to be split in more than one way
     */
    public boolean unify(int a, int b) {
        int ra = find(a);
        int rb = find(b);
        if (ra == rb) return true;
        if (binding.get(ra) instanceof Term || binding.get(rb) instanceof Term) return unifyProducts(ra, rb);
        Object ba = binding.get(ra);
        Object bb = binding.get(rb);
        if (ba != null && bb != null && !ba.equals(bb)) return false;
        if ((notOne.get(ra) && Integer.valueOf(1).equals(bb)) || (notOne.get(rb) && Integer.valueOf(1).equals(ba))) {
            return false;
        }
        // the older class (or the bound one) becomes the representative, so names stay stable
        int root = ba != null ? ra : bb != null ? rb : Math.min(ra, rb);
        link(root == ra ? rb : ra, root);
        return true;
    }

    /** Puts child's class under root's; root's binding stays. */
    private void link(int child, int root) {
        parent.set(child, root);
        if (binding.get(root) == null) binding.set(root, binding.get(child));
        // a size named after 𝟏 or I only when no variable gives it a name: 𝟏 ⊘ x is n_x long
        if (anonymous(hint.get(root)) && !anonymous(hint.get(child))) hint.set(root, hint.get(child));
        notOne.set(root, notOne.get(root) || notOne.get(child));
    }

    /**
     * ra and rb are roots and at least one is bound to a product. Both sides are written as a
     * coefficient times symbols and unknowns, the factors they share are cancelled (no dimension
     * is 0), and what is left must be equal for every value of the rigid symbols: equal
     * coefficients and no symbols left, a single unknown on one side that the other side then
     * gives a value to, one unknown on each side (u·n = v·n: u = v), an unknown alone on one side
     * (u·n = v: v takes the product), or unknowns that must all be 1.
     */
    private boolean unifyProducts(int ra, int rb) {
        Norm p = norm(ra);
        Norm q = norm(rb);
        if ((p.isOne() && isNotOne(rb)) || (q.isOne() && isNotOne(ra))) return false;
        List<Integer> left = new ArrayList<>(p.roots());
        List<Integer> right = new ArrayList<>(q.roots());
        for (Integer r : new ArrayList<>(left)) {
            if (right.remove(r)) left.remove(r);
        }
        List<Integer> leftUnknown = unknowns(left);
        List<Integer> rightUnknown = unknowns(right);
        Boolean rooted;
        if (leftUnknown.isEmpty() && rightUnknown.isEmpty()) {
            if (!left.isEmpty() || !right.isEmpty() || p.coefficient() != q.coefficient()) return false;
        } else if (leftUnknown.size() == 1 && rightUnknown.isEmpty()) {
            if (!solve(leftUnknown.get(0), p.coefficient(), left, q.coefficient(), right)) return false;
        } else if (rightUnknown.size() == 1 && leftUnknown.isEmpty()) {
            if (!solve(rightUnknown.get(0), q.coefficient(), right, p.coefficient(), left)) return false;
        } else if (left.size() == 1 && right.size() == 1 && leftUnknown.size() == 1 && rightUnknown.size() == 1
                && p.coefficient() == q.coefficient()) {
            // u·n = v·n: u = v
            if (!unify(left.get(0), right.get(0))) return false;
        } else if (right.size() == 1 && rightUnknown.size() == 1 && q.coefficient() == 1 && !left.isEmpty()) {
            // u·n = v: v is the product (the most general solution; u stays free), as for 𝟏 in I_m ⊗ 𝟏ᵀ
            if (!solve(right.get(0), 1, right, p.coefficient(), left)) return false;
        } else if (left.size() == 1 && leftUnknown.size() == 1 && p.coefficient() == 1 && !right.isEmpty()) {
            if (!solve(left.get(0), 1, left, q.coefficient(), right)) return false;
        } else if (left.isEmpty() && p.coefficient() == 1 || right.isEmpty() && q.coefficient() == 1) {
            // u·v = 1: every factor on the other side is 1
            List<Integer> rest = left.isEmpty() ? right : left;
            int c = left.isEmpty() ? q.coefficient() : p.coefficient();
            if (c != 1 || rest.size() != unknowns(rest).size()) return false;
            for (int u : rest) if (notOne.get(u)) return false;
            for (int u : rest) unify(u, one());
        } else if ((rooted = rightUnknown.isEmpty() && power(left) > 1 && p.coefficient() == 1
                ? root(left.get(0), left.size(), q.coefficient(), right)
                : leftUnknown.isEmpty() && power(right) > 1 && q.coefficient() == 1
                ? root(right.get(0), right.size(), p.coefficient(), left) : null) != null) {
            // u·u = n·n (vec(I) ⊙ vec(A)): sizes are positive, so u = n
            if (!rooted) return false;
        } else {
            throw new Undecidable(show(ra) + " = " + show(rb) + " holds for more than one choice of "
                    + String.join(", ", names(leftUnknown, rightUnknown)));
        }
        join(find(ra), find(rb));
        return true;
    }

    /**
     * u · c · rest = c2 · other, where u is the only unknown and other has none: u = (c2 / c) · other
     * if c divides c2 and rest is empty (a rigid symbol cannot be cancelled by a literal).
     */
    private boolean solve(int u, int c, List<Integer> withU, int c2, List<Integer> other) {
        if (withU.size() != 1 || c2 % c != 0) return false;
        List<Integer> value = new ArrayList<>(other);
        if (c2 / c != 1) value.add(literal(c2 / c));
        return takes(u, value);
    }

    /** The unknown u takes the product of these classes as its value. */
    private boolean takes(int u, List<Integer> value) {
        int v = product(value);
        if (!(binding.get(find(v)) instanceof Term)) return unify(u, v);
        link(u, find(v));   // u is unbound: it takes the product as its value
        return true;
    }

    /** k when these roots are one unknown k times (u·u·u: 3), else 0. */
    private int power(List<Integer> roots) {
        if (roots.isEmpty() || binding.get(roots.get(0)) != null) return 0;
        for (int r : roots) if (r != roots.get(0)) return 0;
        return roots.size();
    }

    /**
     * u^k = c · other, other free of unknowns: when c is an integer's k-th power and every factor of
     * other occurs a multiple of k times, u is the k-th root (the only positive one), and the
     * answer is whether u could take it; null when there is no such root to take.
     */
    private Boolean root(int u, int k, int c, List<Integer> other) {
        int base = (int) Math.round(Math.pow(c, 1.0 / k));
        long check = 1;
        for (int i = 0; i < k; i++) check *= base;
        if (check != c) return null;
        java.util.Map<Integer, Integer> counts = new java.util.TreeMap<>();
        for (int r : other) counts.merge(r, 1, Integer::sum);
        List<Integer> value = new ArrayList<>();
        for (var e : counts.entrySet()) {
            if (e.getValue() % k != 0) return null;
            for (int i = 0; i < e.getValue() / k; i++) value.add(e.getKey());
        }
        if (base != 1) value.add(literal(base));
        return takes(u, value);
    }

    /** x and y are roots known to be equal as products: one class, bound to their common normal form. */
    private void join(int x, int y) {
        if (x == y) return;
        Norm n = norm(x);
        int target;
        if (n.roots().isEmpty()) {
            target = literal(n.coefficient());
        } else if (n.roots().size() == 1 && n.coefficient() == 1) {
            target = n.roots().get(0);
        } else {
            target = binding.get(x) instanceof Term ? x : y;
            binding.set(target, new Term(termFactors(n)));
        }
        target = find(target);
        if (find(x) != target) link(find(x), target);
        if (find(y) != target) link(find(y), target);
    }

    /** The normal form of a class: its literal, itself (an unknown or a rigid symbol), or its product multiplied out. */
    private Norm norm(int a) {
        int r = find(a);
        Object b = binding.get(r);
        if (b instanceof Integer n) return new Norm(n, List.of());
        if (b instanceof Term t) return multiply(t.factors());
        return new Norm(1, List.of(r));
    }

    private Norm multiply(List<Integer> factors) {
        int coefficient = 1;
        List<Integer> roots = new ArrayList<>();
        for (int f : factors) {
            Norm n = norm(f);
            coefficient = Math.multiplyExact(coefficient, n.coefficient());
            roots.addAll(n.roots());
        }
        roots.sort(Comparator.naturalOrder());
        return new Norm(coefficient, roots);
    }

    private List<Integer> termFactors(Norm n) {
        List<Integer> out = new ArrayList<>(n.roots());
        if (n.coefficient() != 1) out.add(0, literal(n.coefficient()));
        return out;
    }

    /** The roots among these that no literal or rigid symbol is bound to. */
    private List<Integer> unknowns(List<Integer> roots) {
        return roots.stream().filter(r -> binding.get(r) == null).collect(Collectors.toList());
    }

    private List<String> names(List<Integer> a, List<Integer> b) {
        List<String> out = new ArrayList<>();
        for (int r : a) out.add(show(r));
        for (int r : b) out.add(show(r));
        return out;
    }

    private static boolean anonymous(String hintName) {
        return hintName.equals("n_𝟏") || hintName.equals("n_I");
    }

    /**
     * Known never to be 1: a declared symbol, a literal other than 1, the length of a named
     * vector, or a product with such a factor.
     */
    public boolean isNotOne(int a) {
        int r = find(a);
        Object b = binding.get(r);
        if (b instanceof Term) {
            Norm n = norm(r);
            if (notOne.get(r) || n.coefficient() != 1) return true;
            for (int f : n.roots()) if (isNotOne(f)) return true;
            return false;
        }
        return notOne.get(r) || b instanceof String || (b instanceof Integer n && n != 1);
    }

    /** A symbol a declaration named as a dimension (n in x: n). */
    public boolean isDimensionName(String name) {
        return rigid.containsKey(name);
    }

    public boolean isOne(int a) {
        return norm(a).isOne();
    }

    /** How the class reads in a message: 3, n, n_x, or a product m·n. */
    public String show(int a) {
        int r = find(a);
        Object b = binding.get(r);
        if (b instanceof Term) return show(norm(r));
        if (b != null) return b.toString();
        return hint.get(r);
    }

    /** Like {@link Dim#product}: the coefficient first, then the factors sorted by name. */
    private String show(Norm n) {
        if (n.roots().isEmpty()) return Integer.toString(n.coefficient());
        List<String> names = n.roots().stream().map(this::show).sorted().collect(Collectors.toList());
        if (n.coefficient() != 1) names.add(0, Integer.toString(n.coefficient()));
        return String.join("·", names);
    }

    /**
     * The final dimensions: literal, rigid symbol, a symbol named after the unknown's hint (made
     * unique against the other names in use), or the canonical product of those.
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
            } else if (b == null) {
                String name = hint.get(r);
                int k = 2;
                while (used.contains(name)) name = hint.get(r) + "_" + k++;
                used.add(name);
                byRoot.put(r, Dim.sym(name));
            }
        }
        // products last: their factors are literals, rigid symbols and unknowns, all named above
        for (int i = 0; i < parent.size(); i++) {
            int r = find(i);
            if (byRoot.containsKey(r)) continue;
            Norm n = norm(r);
            List<Dim> factors = new ArrayList<>();
            factors.add(Dim.of(n.coefficient()));
            for (int f : n.roots()) factors.add(byRoot.get(f));
            byRoot.put(r, Dim.product(factors));
        }
        return id -> byRoot.get(find(id));
    }

    /** Maps a dimension term to its final {@link Dim}. */
    public interface Resolution {
        Dim dim(int id);
    }
}
