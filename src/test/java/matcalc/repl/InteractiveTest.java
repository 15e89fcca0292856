package matcalc.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The REPL as on a terminal, through JLine, on a terminal built over streams: the prompt, the
 * results, an error that does not end it, Ctrl-D, and the history written to the file it was given.
 */
class InteractiveTest {
    @TempDir
    Path dir;

    /** The screen: what the REPL wrote, and how many prompts so far. */
    static final class Screen extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            bytes.write(b);
            notifyAll();
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
            notifyAll();
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }

        /** Waits until the REPL has shown its n-th prompt. */
        synchronized void awaitPrompt(int n) throws InterruptedException {
            long end = System.currentTimeMillis() + 60_000;
            while (text().split(Interactive.PROMPT, -1).length - 1 < n && System.currentTimeMillis() < end) wait(100);
        }
    }

    @Test
    void aSessionOnATerminalKeepsItsHistory() throws Exception {
        Path history = dir.resolve("history");
        List<String> typed = List.of("x: n", "d/dx sum(x)", ":shape x'", "sofmax(x)", "\\hat{x}^\\top x");
        Screen screen = new Screen();
        PipedOutputStream keyboard = new PipedOutputStream();
        Terminal terminal = TerminalBuilder.builder().system(false).type("dumb").encoding(StandardCharsets.UTF_8)
                .streams(new PipedInputStream(keyboard), screen).build();
        Thread typist = new Thread(() -> {
            try {
                for (int i = 0; i < typed.size(); i++) {
                    screen.awaitPrompt(i + 1);
                    keyboard.write((typed.get(i) + "\n").getBytes(StandardCharsets.UTF_8));
                    keyboard.flush();
                }
                screen.awaitPrompt(typed.size() + 1);
                keyboard.write(4);                      // Ctrl-D
                keyboard.flush();
                keyboard.close();
            } catch (IOException | InterruptedException e) {
                throw new RuntimeException(e);
            }
        });
        typist.start();
        int code = new Interactive(new Repl(), terminal, history).run();
        typist.join();
        assertEquals(0, code);
        String out = screen.text().replace("\r", "");
        assertTrue(out.contains("∂/∂x sum(x)\n  = 𝟏_nᵀ\n  shape 1×n (numerator layout)"), out);
        assertTrue(out.contains("row vector 1×n\n"), out);
        assertTrue(out.contains("input:1:1: error: unknown function 'sofmax': did you mean softmax?"), out);
        assertTrue(out.contains("↳ x̂ᵀ x"), "a line with escapes is shown as it is read:\n" + out);
        List<String> lines = Files.readAllLines(history);
        assertEquals(typed.size(), lines.size(), lines.toString());
        assertTrue(lines.get(1).endsWith(":d/dx sum(x)"), lines.toString());
    }
}
