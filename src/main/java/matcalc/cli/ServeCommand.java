package matcalc.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import matcalc.web.WebServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** matcalc serve [--port 8080] [--host 127.0.0.1] [--timeout SECONDS] [--cors ORIGIN] */
@Command(name = "serve", version = Main.VERSION,
        description = "Serve matcalc's web page and HTTP API on this machine (the loopback interface unless --host says otherwise).")
final class ServeCommand implements Callable<Integer> {
    @Mixin
    HelpOptions help;

    @Option(names = "--port", defaultValue = "8080", paramLabel = "PORT", description = "the port (default: ${DEFAULT-VALUE}; 0: any free port)")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "HOST",
            description = "the interface to listen on (default: ${DEFAULT-VALUE}, this machine only)")
    String host;

    @Option(names = "--timeout", paramLabel = "SECONDS", converter = TimeoutOption.Seconds.class,
            description = "stop each request's work past this many seconds, with the stage named (default: 10)")
    Duration timeout = WebServer.Settings.TIMEOUT;

    @Option(names = "--cors", paramLabel = "ORIGIN",
            description = "let pages from ORIGIN (e.g. http://localhost:3000) call the API (default: no CORS header)")
    String cors;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65535) {
            spec.commandLine().getErr().println("matcalc: --port must be between 0 and 65535, not " + port);
            return Main.BAD_INPUT;
        }
        WebServer server;
        try {
            server = WebServer.start(WebServer.Settings.of(host, port).withTimeout(timeout).withCors(cors));
        } catch (WebServer.PortInUse | IllegalArgumentException e) {
            spec.commandLine().getErr().println("matcalc: " + e.getMessage());
            return Main.BAD_INPUT;
        }
        // Ctrl-C: the JVM runs its shutdown hooks; the server stops taking requests and ends
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "matcalc-stop"));
        spec.commandLine().getOut().println("matcalc: serving on " + server.uri() + " (Ctrl-C stops)");
        spec.commandLine().getOut().flush();
        server.join();
        return 0;
    }
}
