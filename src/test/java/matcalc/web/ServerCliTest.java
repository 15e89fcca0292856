package matcalc.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import matcalc.cli.CliRun;
import org.junit.jupiter.api.Test;

/** matcalc serve on the command line: a busy port is one line and exit 2; serve is listed. */
class ServerCliTest {
    @Test
    void aBusyPortIsOneLine() {
        try (WebServer taken = WebServer.start("127.0.0.1", 0)) {
            int port = taken.uri().getPort();
            CliRun.Run r = CliRun.run("serve", "--port", String.valueOf(port));
            assertEquals(2, r.code());
            assertEquals("matcalc: port " + port + " is in use: choose another with --port\n", r.err());
            assertEquals("", r.out());
        }
    }

    @Test
    void badSettingsAreOneLine() {
        CliRun.Run r = CliRun.run("serve", "--port", "70000");
        assertEquals(2, r.code());
        assertEquals("matcalc: --port must be between 0 and 65535, not 70000\n", r.err());
        r = CliRun.run("serve", "--host", "no-such-host.invalid");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("matcalc: cannot serve on no-such-host.invalid"), r.err());
    }

    @Test
    void theUsageListsServe() {
        CliRun.Run r = CliRun.run("--help");
        assertTrue(r.out().contains("serve"), r.out());
        assertTrue(CliRun.run("serve", "--help").out().contains("--port"));
    }
}
