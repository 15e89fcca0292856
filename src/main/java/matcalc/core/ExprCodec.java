package matcalc.core;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Core expressions as bytes and back, node for node: the reader rebuilds exactly the nodes the
 * writer was given (same node types, fields, shapes and sharing), through the constructors rather
 * than the factories of {@link Exprs}, so that nothing is canonicalised or checked again. Used for
 * the built-in rules' compiled form (rewrite.CompiledRules), which is made at package time from
 * the rule files and read at start instead of parsing them.
 *
 * <p>One writer (or reader) per stream: a node written twice, or shared by two expressions, is
 * stored once and referred to by its number after. The write side is a {@link Expr.Visitor}, so a
 * new node type does not compile until it is added here.
 */
public final class ExprCodec {
    private ExprCodec() {}

    private static final int VAR = 0, NUM = 1, ONES = 2, IDENTITY = 3, ZERO = 4, ADD = 5, MUL = 6, HADAMARD = 7,
            TRANSPOSE = 8, POWER = 9, APPLY = 10, USER_FN = 11, KRON = 12, COMMUTATION = 13;
    private static final int LIT = 0, SYM = 1, PROD = 2;

    /** Writes expressions to one stream; {@link #write} returns the node's number. */
    public static final class Writer {
        private final DataOutput out;
        private final Map<Expr, Integer> numbers = new IdentityHashMap<>();

        public Writer(DataOutput out) {
            this.out = out;
        }

        /** Writes e's nodes not written yet (children first), then e's number. */
        public void write(Expr e) throws IOException {
            int number = node(e);
            out.writeByte(END_OF_NODES);
            out.writeInt(number);
        }

        private int node(Expr e) throws IOException {
            Integer known = numbers.get(e);
            if (known != null) return known;
            List<Integer> children = new ArrayList<>();
            for (Expr c : e.children()) children.add(node(c));
            try {
                e.accept(new Fields(children));
            } catch (UncheckedIOException failed) {
                throw failed.getCause();
            }
            int number = numbers.size();
            numbers.put(e, number);
            return number;
        }

        /** One node: a tag, then its own fields, with its children as the numbers already written. */
        private final class Fields implements Expr.Visitor<Void> {
            private final List<Integer> children;

            Fields(List<Integer> children) {
                this.children = children;
            }

            private Void put(IoAction action) {
                try {
                    action.run();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return null;
            }

            private void refs(int from, int to) throws IOException {
                out.writeInt(to - from);
                for (int i = from; i < to; i++) out.writeInt(children.get(i));
            }

            @Override public Void var(Expr.Var e) {
                return put(() -> { out.writeByte(VAR); out.writeByte(e.kind().ordinal()); out.writeUTF(e.name()); shape(e.shape()); });
            }
            @Override public Void num(Expr.Num e) {
                return put(() -> { out.writeByte(NUM); out.writeDouble(e.value()); });
            }
            @Override public Void ones(Expr.Ones e) {
                return put(() -> { out.writeByte(ONES); dim(e.shape().rows()); });
            }
            @Override public Void identity(Expr.Identity e) {
                return put(() -> { out.writeByte(IDENTITY); dim(e.shape().rows()); });
            }
            @Override public Void zero(Expr.Zero e) {
                return put(() -> { out.writeByte(ZERO); shape(e.shape()); });
            }
            @Override public Void add(Expr.Add e) {
                return put(() -> { out.writeByte(ADD); refs(0, children.size()); });
            }
            @Override public Void mul(Expr.Mul e) {
                return put(() -> {
                    out.writeByte(MUL);
                    out.writeDouble(e.coef());
                    shape(e.shape());
                    refs(0, e.scalars().size());
                    refs(e.scalars().size(), children.size());
                });
            }
            @Override public Void hadamard(Expr.Hadamard e) {
                return put(() -> { out.writeByte(HADAMARD); refs(0, children.size()); });
            }
            @Override public Void transpose(Expr.Transpose e) {
                return put(() -> { out.writeByte(TRANSPOSE); out.writeInt(children.get(0)); });
            }
            @Override public Void power(Expr.Power e) {
                return put(() -> { out.writeByte(POWER); out.writeInt(children.get(0)); out.writeInt(children.get(1)); });
            }
            @Override public Void apply(Expr.Apply e) {
                return put(() -> { out.writeByte(APPLY); out.writeUTF(e.fn().name()); shape(e.shape()); out.writeInt(children.get(0)); });
            }
            @Override public Void userFn(Expr.UserFn e) {
                return put(() -> {
                    out.writeByte(USER_FN);
                    out.writeByte(e.kind().ordinal());
                    out.writeUTF(e.name());
                    out.writeInt(e.primes());
                    out.writeInt(children.get(0));
                });
            }
            @Override public Void kron(Expr.Kron e) {
                return put(() -> { out.writeByte(KRON); shape(e.shape()); out.writeInt(children.get(0)); out.writeInt(children.get(1)); });
            }
            @Override public Void commutation(Expr.Commutation e) {
                return put(() -> { out.writeByte(COMMUTATION); dim(e.m()); dim(e.n()); });
            }
        }

        private void shape(Shape s) throws IOException {
            dim(s.rows());
            dim(s.cols());
        }

        private void dim(Dim d) throws IOException {
            if (d instanceof Dim.Lit l) {
                out.writeByte(LIT);
                out.writeInt(l.size());
            } else if (d instanceof Dim.Sym s) {
                out.writeByte(SYM);
                out.writeUTF(s.name());
            } else {
                Dim.Prod p = (Dim.Prod) d;
                out.writeByte(PROD);
                out.writeInt(p.coefficient());
                out.writeInt(p.symbols().size());
                for (Dim.Sym s : p.symbols()) out.writeUTF(s.name());
            }
        }
    }

    private interface IoAction {
        void run() throws IOException;
    }

    /** Reads what one {@link Writer} wrote, in the same order. */
    public static final class Reader {
        private final DataInput in;
        private final List<Expr> nodes = new ArrayList<>();

        public Reader(DataInput in) {
            this.in = in;
        }

        /** The next expression: its new nodes, then its number. */
        public Expr read() throws IOException {
            // the new nodes (each a tag and its fields), END_OF_NODES, the expression's number
            while (true) {
                int marker = in.readByte();
                if (marker == END_OF_NODES) return ref(in.readInt());
                nodes.add(node(marker));
            }
        }

        private Expr ref(int number) throws IOException {
            if (number < 0 || number >= nodes.size()) throw new IOException("no node " + number + " (" + nodes.size() + " read)");
            return nodes.get(number);
        }

        private List<Expr> refs() throws IOException {
            int n = in.readInt();
            List<Expr> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) list.add(ref(in.readInt()));
            return list;
        }

        private Expr node(int tag) throws IOException {
            switch (tag) {
                case VAR: {
                    Expr.Kind kind = kind(in.readByte());
                    String name = in.readUTF();
                    return new Expr.Var(kind, name, shape());
                }
                case NUM: return new Expr.Num(in.readDouble());
                case ONES: return new Expr.Ones(dim());
                case IDENTITY: return new Expr.Identity(dim());
                case ZERO: return new Expr.Zero(shape());
                case ADD: return new Expr.Add(nonEmpty(refs()));
                case MUL: {
                    double coef = in.readDouble();
                    Shape shape = shape();
                    List<Expr> scalars = refs();
                    return new Expr.Mul(coef, scalars, refs(), shape);
                }
                case HADAMARD: return new Expr.Hadamard(nonEmpty(refs()));
                case TRANSPOSE: return new Expr.Transpose(ref(in.readInt()));
                case POWER: {
                    Expr base = ref(in.readInt());
                    return new Expr.Power(base, ref(in.readInt()));
                }
                case APPLY: {
                    Fn fn = Fn.valueOf(in.readUTF());
                    Shape shape = shape();
                    return new Expr.Apply(fn, ref(in.readInt()), shape);
                }
                case USER_FN: {
                    Expr.Kind kind = kind(in.readByte());
                    String name = in.readUTF();
                    int primes = in.readInt();
                    return new Expr.UserFn(kind, name, primes, ref(in.readInt()));
                }
                case KRON: {
                    Shape shape = shape();
                    Expr left = ref(in.readInt());
                    return new Expr.Kron(left, ref(in.readInt()), shape);
                }
                case COMMUTATION: {
                    Dim m = dim();
                    return new Expr.Commutation(m, dim());
                }
                default: throw new IOException("unknown node tag " + tag);
            }
        }

        private static List<Expr> nonEmpty(List<Expr> list) throws IOException {
            if (list.isEmpty()) throw new IOException("a sum or product without terms");
            return list;
        }

        private static Expr.Kind kind(int ordinal) throws IOException {
            Expr.Kind[] kinds = Expr.Kind.values();
            if (ordinal < 0 || ordinal >= kinds.length) throw new IOException("unknown kind " + ordinal);
            return kinds[ordinal];
        }

        private Shape shape() throws IOException {
            Dim rows = dim();
            return new Shape(rows, dim());
        }

        private Dim dim() throws IOException {
            int tag = in.readByte();
            switch (tag) {
                case LIT: return Dim.of(in.readInt());
                case SYM: return Dim.sym(in.readUTF());
                case PROD: {
                    int coefficient = in.readInt();
                    int n = in.readInt();
                    List<Dim.Sym> symbols = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) symbols.add(new Dim.Sym(in.readUTF()));
                    try {
                        return new Dim.Prod(coefficient, symbols);
                    } catch (IllegalArgumentException e) {
                        throw new IOException(e.getMessage());
                    }
                }
                default: throw new IOException("unknown dimension tag " + tag);
            }
        }
    }

    /** The byte that ends the new nodes of one expression (no node tag has this value). */
    private static final int END_OF_NODES = 127;
}
