package matcalc.shape;

import java.util.Collection;
import matcalc.syntax.Node;

/** The names a surface expression mentions: variables, call heads, and the sizes of 𝟏_n, I_n and K_{m,n}. */
final class Mentions {
    private Mentions() {}

    static void collect(Node n, Collection<String> out) {
        // iterative: a sum of 100,000 terms must not need 100,000 frames here
        java.util.ArrayDeque<Node> todo = new java.util.ArrayDeque<>();
        todo.push(n);
        while (!todo.isEmpty()) {
            Node x = todo.pop();
            if (x instanceof Node.Name name) {
                out.add(name.name());
            } else if (x instanceof Node.Sized z) {
                out.addAll(z.size());
            } else if (x instanceof Node.Commutation k) {
                out.addAll(k.m());
                out.addAll(k.n());
            } else if (x instanceof Node.Call c) {
                out.add(c.name().name());
                c.args().forEach(todo::push);
            } else if (x instanceof Node.Binary b) {
                todo.push(b.left());
                todo.push(b.right());
            } else if (x instanceof Node.Neg g) {
                todo.push(g.arg());
            } else if (x instanceof Node.Transpose t) {
                todo.push(t.arg());
            } else if (x instanceof Node.Power p) {
                todo.push(p.base());
                todo.push(p.exponent());
            } else if (x instanceof Node.Inverse i) {
                todo.push(i.arg());
            } else if (x instanceof Node.Paren p) {
                todo.push(p.inner());
            } else if (x instanceof Node.Norm m) {
                todo.push(m.arg());
            } else if (x instanceof Node.PatternCall pc) {
                out.add(pc.fn().name());
                todo.push(pc.arg());
            } else if (x instanceof Node.PatternVar v) {
                out.add(v.name());
            }
        }
    }
}
