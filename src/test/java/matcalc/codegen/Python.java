package matcalc.codegen;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The python3 that runs generated code: the first of `python3` on the PATH and /usr/bin/python3
 * (where Debian's python3-numpy and python3-torch install, when a pyenv python3 comes first) that
 * has the module. NumPy is required (the suite fails without it). PyTorch is required where it is
 * installed, and wherever -Dcodegen.torch=required or the environment's MATCALC_CODEGEN_TORCH=required
 * says so (.ci/run, which installs python3-torch where it is missing, sets the variable and runs the
 * README's own `mvn -B verify`): a torch that is present but cannot be imported fails the tests;
 * only a machine without torch at all skips them.
 */
public final class Python {
    private Python() {}

    static final List<String> CANDIDATES = List.of("python3", "/usr/bin/python3");
    private static final Map<String, String> FOUND = new ConcurrentHashMap<>();

    /** 0: importable; 3: not installed; anything else: installed but broken (with the reason). */
    private static String[] probe(String python, String module) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder(python, "-c", "import importlib.util, sys\n"
                    + "if importlib.util.find_spec('" + module + "') is None: sys.exit(3)\n"
                    + "import " + module).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            return new String[] {"3", python + " cannot be run"};
        }
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(python + " -c 'import " + module + "' did not finish");
        }
        return new String[] {Integer.toString(p.exitValue()), out.strip()};
    }

    /** The interpreter that imports the module, or null if none has it; fails if one has it but cannot import it. */
    private static String find(String module) throws Exception {
        String known = FOUND.get(module);
        if (known != null) return known;
        List<String> broken = new ArrayList<>();
        for (String python : CANDIDATES) {
            String[] r = probe(python, module);
            if (r[0].equals("0")) {
                FOUND.put(module, python);
                return python;
            }
            if (!r[0].equals("3")) broken.add(python + ": " + r[1]);
        }
        if (!broken.isEmpty()) throw new AssertionError("python3 cannot import " + module + ": " + String.join("; ", broken));
        return null;
    }

    public static String numpy() throws Exception {
        String python = find("numpy");
        if (python == null) throw new AssertionError("python3 has no numpy: install python3-numpy (.ci/run does)");
        return python;
    }

    public static String torch() throws Exception {
        String python = find("torch");
        if (python != null) return python;
        if ("required".equals(System.getProperty("codegen.torch")) || "required".equals(System.getenv("MATCALC_CODEGEN_TORCH"))) {
            throw new AssertionError("python3 has no torch, and torch is required here (-Dcodegen.torch or "
                    + "MATCALC_CODEGEN_TORCH): install python3-torch");
        }
        Assumptions.abort("python3 has no torch on this machine (.ci/run installs python3-torch)");
        return null;
    }
}
