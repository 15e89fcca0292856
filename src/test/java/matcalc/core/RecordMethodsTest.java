package matcalc.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.invoke.CallSite;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.StringJoiner;
import java.util.function.Supplier;
import matcalc.syntax.Source;
import matcalc.syntax.Span;
import org.junit.jupiter.api.Test;

/**
 * The records whose equals and hashCode are written out by hand (for a cold start: the generated
 * ones bootstrap method handles at first use) give exactly what the record's generated methods
 * give, which the test builds with {@link java.lang.runtime.ObjectMethods} as javac's bootstrap
 * does: the same answers to equals, and the same hash codes, so that no hash-ordered output changes.
 * Seeded random instances, compared with themselves, with copies and with others from a small pool.
 */
class RecordMethodsTest {
    private static final long SEED = 13;

    @Test
    void handWrittenEqualsAndHashCodeAreTheGeneratedOnes() throws Throwable {
        Random random = new Random(SEED);
        Supplier<Dim> dim = () -> switch (random.nextInt(3)) {
            case 0 -> new Dim.Lit(random.nextInt(4));
            case 1 -> new Dim.Sym(new String[] {"n", "m", "d"}[random.nextInt(3)]);
            default -> Dim.product(List.of(Dim.of(1 + random.nextInt(3)), new Dim.Sym(new String[] {"n", "m"}[random.nextInt(2)]),
                    new Dim.Sym("k")));
        };
        Supplier<Source> source = () -> new Source(new String[] {"input", "--let 1"}[random.nextInt(2)],
                new String[] {"x", "softmax(x)", "𝟏ᵀ x"}[random.nextInt(3)]);
        check(Dim.Lit.class, () -> new Dim.Lit(random.nextInt(5) - 1), random);
        check(Dim.Sym.class, () -> new Dim.Sym(new String[] {"n", "m", "d", "n_x"}[random.nextInt(4)]), random);
        check(Dim.Prod.class, () -> (Dim.Prod) Dim.product(List.of(Dim.of(1 + random.nextInt(3)),
                new Dim.Sym(new String[] {"n", "m"}[random.nextInt(2)]), new Dim.Sym(new String[] {"k", "d"}[random.nextInt(2)]))), random);
        check(Shape.class, () -> new Shape(dim.get(), dim.get()), random);
        check(Source.class, source, random);
        check(Span.class, () -> new Span(source.get(), random.nextInt(3), random.nextInt(4)), random);
    }

    private static <R extends Record> void check(Class<R> type, Supplier<? extends R> draw, Random random) throws Throwable {
        MethodHandle equals = generated(type, "equals", MethodType.methodType(boolean.class, type, Object.class));
        MethodHandle hashCode = generated(type, "hashCode", MethodType.methodType(int.class, type));
        List<Object> pool = new ArrayList<>();
        for (int i = 0; i < 40; i++) pool.add(draw.get());
        pool.add(null);
        pool.add("not a " + type.getSimpleName());
        int equalPairs = 0;
        for (int i = 0; i < 2000; i++) {
            R a = draw.get();
            int pick = random.nextInt(4);
            Object b = pick == 0 ? a : pick == 1 ? copy(a) : pool.get(random.nextInt(pool.size()));
            boolean expected = (boolean) equals.invoke(a, b);
            assertEquals(expected, a.equals(b), type.getSimpleName() + ": " + a + " equals " + b);
            if (expected && a != b) equalPairs++;
            assertEquals((int) hashCode.invoke(a), a.hashCode(), type.getSimpleName() + ": hash of " + a);
        }
        // the draws make equal values in distinct objects, not only a == a
        if (equalPairs < 20) throw new AssertionError(type.getSimpleName() + ": too few equal pairs of distinct objects drawn (" + equalPairs + ")");
    }

    /** An equal record in another object, through the canonical constructor. */
    private static Object copy(Record r) throws ReflectiveOperationException {
        RecordComponent[] components = r.getClass().getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            components[i].getAccessor().setAccessible(true);
            values[i] = components[i].getAccessor().invoke(r);
        }
        var constructor = r.getClass().getDeclaredConstructor(types);
        constructor.setAccessible(true);
        return constructor.newInstance(values);
    }

    /** The method a record gets when it does not declare it: javac's invokedynamic to ObjectMethods. */
    private static MethodHandle generated(Class<?> type, String name, MethodType methodType) throws Throwable {
        MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
        RecordComponent[] components = type.getRecordComponents();
        MethodHandle[] getters = new MethodHandle[components.length];
        StringJoiner names = new StringJoiner(";");
        for (int i = 0; i < components.length; i++) {
            getters[i] = lookup.unreflect(components[i].getAccessor());
            names.add(components[i].getName());
        }
        CallSite site = (CallSite) java.lang.runtime.ObjectMethods.bootstrap(lookup, name, methodType, type, names.toString(), getters);
        return site.dynamicInvoker();
    }
}
