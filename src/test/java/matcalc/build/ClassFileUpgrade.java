package matcalc.build;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/**
 * A build step, not a test: raises the class files of a jar older than Java 6 (version &lt; 50)
 * to Java 8 (52), with stack-map frames computed by ASM, so that the JVM's class-data-sharing
 * archive can hold them. Picocli 4.7 ships Java 5 class files; a dynamic CDS archive skips those,
 * so every cold start loaded and verified its ~170 classes again (about 0.1 s of CPU). The bytecode
 * itself is unchanged: only the version and the frames the newer verifier needs.
 *
 * <p>Run by the build after the shade plugin ({@code pom.xml}, antrun {@code class-file-upgrade}):
 * {@code java -cp TEST_CLASSPATH matcalc.build.ClassFileUpgrade target/matcalc.jar}. The jar is
 * replaced only when every class was rewritten; on any failure it is left as it was (the archive
 * then skips those classes, as before) and the build goes on.
 */
public final class ClassFileUpgrade {
    private static final int JAVA_6 = 50;

    private ClassFileUpgrade() {}

    public static void main(String[] args) throws IOException {
        Path jar = Path.of(args[0]);
        Path tmp = jar.resolveSibling(jar.getFileName() + ".upgrading");
        int n;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            n = upgrade(jar, tmp, loader);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.out.println(n + " class files older than Java 6 raised to Java 8 in " + jar);
    }

    /** Copies {@code in} to {@code out}, each old class file rewritten; returns how many were. */
    static int upgrade(Path in, Path out, ClassLoader hierarchy) throws IOException {
        int n = 0;
        try (InputStream is = Files.newInputStream(in); ZipInputStream zin = new ZipInputStream(is);
             OutputStream os = Files.newOutputStream(out); ZipOutputStream zout = new ZipOutputStream(os)) {
            for (ZipEntry e; (e = zin.getNextEntry()) != null; ) {
                byte[] bytes = zin.readAllBytes();
                if (e.getName().endsWith(".class") && majorVersion(bytes) < JAVA_6) {
                    bytes = upgrade(bytes, hierarchy);
                    n++;
                }
                ZipEntry copy = new ZipEntry(e.getName());
                copy.setTime(e.getTime());
                zout.putNextEntry(copy);
                zout.write(bytes);
                zout.closeEntry();
            }
        }
        return n;
    }

    static int majorVersion(byte[] classFile) {
        return (classFile[6] & 0xff) << 8 | (classFile[7] & 0xff);
    }

    /** One class file at version 52 with computed frames; {@code hierarchy} resolves its supertypes. */
    static byte[] upgrade(byte[] classFile, ClassLoader hierarchy) {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
            @Override
            protected ClassLoader getClassLoader() {
                return hierarchy;
            }
        };
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
                super.visit(Opcodes.V1_8, access, name, signature, superName, interfaces);
            }
        }, ClassReader.SKIP_FRAMES);
        return writer.toByteArray();
    }
}
