package matcalc.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * matcalc in the browser, on the user's own machine: a Jetty server (core handlers, no servlets)
 * that serves the page from the class path and the HTTP API ({@link Api}), bound to the loopback
 * interface unless told otherwise. See {@link Routes} for the limits every request meets.
 */
public final class WebServer implements AutoCloseable {
    /**
     * How the server runs.
     *
     * @param host    the interface to bind (127.0.0.1 by default)
     * @param port    the port (0: any free one)
     * @param timeout the deadline of each request's work
     * @param workers how many requests compute at once
     * @param queue   how many more may wait for a worker; past that, 503
     * @param cors    the origin allowed to call the API from another site, or null (no CORS header)
     */
    public record Settings(String host, int port, Duration timeout, int workers, int queue, String cors) {
        public static final Duration TIMEOUT = Duration.ofSeconds(10);
        public static final int WORKERS = 2 * Runtime.getRuntime().availableProcessors();
        public static final int QUEUE = 256;

        public static Settings of(String host, int port) {
            return new Settings(host, port, TIMEOUT, WORKERS, QUEUE, null);
        }

        public Settings withTimeout(Duration t) {
            return new Settings(host, port, t, workers, queue, cors);
        }

        public Settings withPool(int w, int q) {
            return new Settings(host, port, timeout, w, q, cors);
        }

        public Settings withCors(String origin) {
            return new Settings(host, port, timeout, workers, queue, origin);
        }
    }

    /** The port asked for is taken by another program. */
    public static final class PortInUse extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PortInUse(int port) {
            super("port " + port + " is in use: choose another with --port");
        }
    }

    private final Server server;
    private final Routes routes;
    private final URI uri;

    private WebServer(Server server, Routes routes, URI uri) {
        this.server = server;
        this.routes = routes;
        this.uri = uri;
    }

    public static WebServer start(String host, int port) {
        return start(Settings.of(host, port));
    }

    public static WebServer start(Settings settings) {
        InetAddress address;
        try {
            address = InetAddress.getByName(settings.host());
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("cannot serve on " + settings.host() + ": no such host");
        }
        QueuedThreadPool threads = new QueuedThreadPool(200, 8);
        threads.setName("matcalc-http");
        threads.setDaemon(true);
        Server server = new Server(threads);
        HttpConfiguration config = new HttpConfiguration();
        config.setSendServerVersion(false);
        config.setSendDateHeader(false);
        // the routes check every path themselves (letters, digits, '.', '_', '-'; no "..", no %-escape),
        // so that a traversal attempt is a plain 404 rather than Jetty's own refusal
        config.setUriCompliance(UriCompliance.UNSAFE);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(config));
        connector.setHost(settings.host());
        connector.setPort(settings.port());
        server.addConnector(connector);
        Routes routes = new Routes(settings, address);
        server.setHandler(routes);
        server.setErrorHandler(new Routes.Errors());
        server.setStopTimeout(2000);
        try {
            server.start();
        } catch (IOException e) {
            stopQuietly(server, routes);
            if (e instanceof BindException || e.getCause() instanceof BindException) throw new PortInUse(settings.port());
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            stopQuietly(server, routes);
            throw new IllegalStateException("the server did not start: " + e.getMessage(), e);
        }
        String h = address.getHostAddress().contains(":") ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
        return new WebServer(server, routes, URI.create("http://" + h + ":" + connector.getLocalPort() + "/"));
    }

    private static void stopQuietly(Server server, Routes routes) {
        try {
            server.stop();
        } catch (Exception ignored) {
            // it did not start
        }
        routes.close();
    }

    /** Where the page is: http://127.0.0.1:PORT/. */
    public URI uri() {
        return uri;
    }

    /** Blocks until the server stops. */
    public void join() throws InterruptedException {
        server.join();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("the server did not stop: " + e.getMessage(), e);
        } finally {
            routes.close();
        }
    }
}
