package matcalc.web;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import matcalc.calculus.VerificationException;
import matcalc.present.ErrorView;
import matcalc.present.JsonRenderer;
import matcalc.syntax.Deadline;
import matcalc.syntax.MatcalcException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Every request: the page's files on GET, the API on POST, and the limits. A request body is at
 * most 64 KB (413), JSON only (415: no cross-site form can post one), the Host header names this
 * machine when the server is bound to loopback (DNS rebinding), each request's work runs under a
 * deadline on a bounded pool of workers with a bounded queue (503 past it), and no response carries
 * a stack trace or, unless asked for, a CORS header.
 */
final class Routes extends Handler.Abstract implements AutoCloseable {
    static final int MAX_BODY = 64 * 1024;
    /** The stack of a worker: deep expressions recurse through every stage (as on the command line). */
    static final long STACK_BYTES = 512L << 20;
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; font-src 'self'; "
            + "img-src 'self' data: blob:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private final WebServer.Settings settings;
    /** The names a Host header may give when bound to loopback; null when bound elsewhere. */
    private final Set<String> hosts;
    private final ThreadPoolExecutor pool;
    /** Runs on the worker before each request's work (tests hold a worker with it). */
    static volatile Runnable beforeWork = () -> { };

    Routes(WebServer.Settings settings, InetAddress address) {
        this.settings = settings;
        if (address.isLoopbackAddress()) {
            hosts = new HashSet<>(Set.of("localhost", "127.0.0.1", "[::1]"));
            hosts.add(settings.host().toLowerCase(Locale.ROOT));
            String a = address.getHostAddress();
            hosts.add(a.contains(":") ? "[" + a + "]" : a);
        } else {
            hosts = null;
        }
        AtomicInteger n = new AtomicInteger();
        BlockingQueue<Runnable> queue = settings.queue() == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(settings.queue());
        pool = new ThreadPoolExecutor(settings.workers(), settings.workers(), 0, TimeUnit.MILLISECONDS, queue, r -> {
            Thread t = new Thread(null, r, "matcalc-worker-" + n.incrementAndGet(), STACK_BYTES);
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        headers(response);
        String path = request.getHttpURI().getPath();
        boolean api = path != null && path.startsWith("/api/");
        if (!hostAllowed(request.getHeaders().get(HttpHeader.HOST))) {
            unread(request, Request.asInputStream(request), response);
            send(response, callback, Reply.error(400, "serve", "the Host header must name this machine (localhost or "
                    + "127.0.0.1): the server answers only pages it served itself"), api);
            return true;
        }
        try {
            if (api) api(request, response, callback, path.substring("/api/".length()));
            else page(request, response, callback, path);
        } catch (IOException e) {
            send(response, callback, Reply.error(400, "serve", "the request could not be read: " + e.getMessage()), api);
        } catch (RuntimeException | Error e) {
            System.err.println("matcalc: internal error: " + e);
            send(response, callback, Reply.error(500, "serve", "internal error (please report it, with the request)"), api);
        }
        return true;
    }

    /** The most of an unwanted body read and dropped so that the connection can serve the next request. */
    static final int DRAIN_LIMIT = 1 << 20;
    /** How long the drain waits for the next bytes of an unwanted body. */
    static final long DRAIN_IDLE_MILLIS = 300;

    /**
     * Answered without using the body: what is left of it is read and dropped (up to {@link #DRAIN_LIMIT}),
     * so that the answer reaches the client. Closing a connection with unread bytes makes the kernel
     * reset it, and the client can lose the answer already sent; past the limit, or when the body
     * cannot be read, the connection closes after the answer all the same, so that a client does not
     * send its next request behind a body the server never read.
     */
    private static void unread(Request request, InputStream body, Response response) {
        byte[] buffer = new byte[8192];
        // a client that declared more than it sends is not waited for as long as a body is
        EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
        long idle = endPoint.getIdleTimeout();
        endPoint.setIdleTimeout(DRAIN_IDLE_MILLIS);
        try {
            for (long total = 0; total <= DRAIN_LIMIT; ) {
                int n = body.read(buffer);
                if (n < 0) return;
                total += n;
            }
        } catch (IOException e) {
            // unreadable or stalled: closed below like a body past the limit
        } finally {
            endPoint.setIdleTimeout(idle);
        }
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
    }

    private void headers(Response response) {
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put("Content-Security-Policy", CSP);
        response.getHeaders().put("Referrer-Policy", "no-referrer");
        if (settings.cors() != null) {
            response.getHeaders().put("Access-Control-Allow-Origin", settings.cors());
            response.getHeaders().put("Vary", "Origin");
        }
    }

    boolean hostAllowed(String host) {
        if (hosts == null) return true;
        if (host == null) return false;
        String h = host.strip().toLowerCase(Locale.ROOT);
        int colon = h.lastIndexOf(':');
        if (colon > h.lastIndexOf(']')) h = h.substring(0, colon);
        return hosts.contains(h);
    }

    private void page(Request request, Response response, Callback callback, String path) throws IOException {
        String method = request.getMethod();
        boolean head = method.equals("HEAD");
        Reply r = path == null ? null : StaticFiles.get(path);
        if (r == null) {
            send(response, callback, Reply.error(404, "serve", "no such page: " + shown(path)), false);
        } else if (!head && !method.equals("GET")) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
            send(response, callback, Reply.error(405, "serve", method + " is not allowed here: the pages are read with GET"), false);
        } else {
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
            if (head) {
                response.setStatus(200);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, r.contentType());
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, r.body().length);
                response.write(true, null, callback);
            } else {
                send(response, callback, r, false);
            }
        }
    }

    /** A path as a message quotes it: at most 80 characters, control characters dropped. */
    private static String shown(String path) {
        String p = String.valueOf(path).replaceAll("\\p{Cntrl}", "");
        return p.length() > 80 ? p.substring(0, 80) + "…" : p;
    }

    private void api(Request request, Response response, Callback callback, String name) throws IOException {
        Api.Endpoint endpoint = Api.endpoint(name);
        String method = request.getMethod();
        if (endpoint == null) {
            unread(request, Request.asInputStream(request), response);
            send(response, callback, Reply.error(404, "serve", "no such endpoint: /api/" + shown(name)
                    + " (the endpoints: " + String.join(", ", Api.names()) + ")"), true);
            return;
        }
        String command = endpoint.command();
        if (method.equals("OPTIONS") && settings.cors() != null) {
            response.getHeaders().put("Access-Control-Allow-Methods", "POST");
            response.getHeaders().put("Access-Control-Allow-Headers", "Content-Type");
            response.getHeaders().put("Access-Control-Max-Age", "600");
            response.setStatus(204);
            response.write(true, null, callback);
            return;
        }
        if (!method.equals("POST")) {
            unread(request, Request.asInputStream(request), response);
            response.getHeaders().put(HttpHeader.ALLOW, "POST");
            send(response, callback, Reply.error(405, command, method + " is not allowed: the API takes POST with a JSON body"), true);
            return;
        }
        if (!isJson(request.getHeaders().get(HttpHeader.CONTENT_TYPE))) {
            unread(request, Request.asInputStream(request), response);
            send(response, callback, Reply.error(415, command, "the body must be JSON, sent with Content-Type: application/json"), true);
            return;
        }
        long length = request.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
        InputStream in = Request.asInputStream(request);
        byte[] bytes = length > MAX_BODY ? null : read(in);
        if (bytes == null) {
            unread(request, in, response);
            send(response, callback, Reply.error(413, command, "the body is larger than " + MAX_BODY / 1024 + " KB"), true);
            return;
        }
        String body;
        try {
            body = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            send(response, callback, Reply.error(400, command, "the body is not UTF-8 text"), true);
            return;
        }
        try {
            pool.execute(() -> send(response, callback, work(endpoint, body), true));
        } catch (RejectedExecutionException e) {
            send(response, callback, Reply.error(503, command, "the server is busy (" + settings.workers() + " requests are being "
                    + "worked out and " + settings.queue() + " wait): try again in a moment"), true);
        }
    }

    /** The body, or null when it is larger than the limit (the rest is left in the stream). */
    private static byte[] read(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BODY + 1);
        return bytes.length > MAX_BODY ? null : bytes;
    }

    /** application/json, with no charset or UTF-8. */
    static boolean isJson(String contentType) {
        if (contentType == null) return false;
        String[] parts = contentType.toLowerCase(Locale.ROOT).split(";");
        if (!parts[0].strip().equals("application/json")) return false;
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].strip();
            if (p.startsWith("charset=") && !p.substring("charset=".length()).replace("\"", "").equals("utf-8")) return false;
        }
        return true;
    }

    /** A request's work on a worker, under the deadline: the document, or the error as the command line reports it. */
    private Reply work(Api.Endpoint endpoint, String body) {
        Members[] members = {null};
        String command = endpoint.command();
        try {
            beforeWork.run();
            return Deadline.of(settings.timeout(), "--timeout").run(() -> {
                members[0] = Members.read(body, endpoint.members(), endpoint.required());
                return endpoint.work().apply(members[0]);
            });
        } catch (MatcalcException e) {
            Members m = members[0];
            if (m != null && command.equals("diff") && m.flag("standalone")) command = "steps";
            return Reply.error(command, Sources.named(e, m == null ? null : m.string("wrt", null)));
        } catch (Deadline.Expired e) {
            // past the deadline: a refusal with the stage named, like bad input
            return Reply.error(400, command, e.getMessage());
        } catch (VerificationException e) {
            return Reply.json(500, new JsonRenderer().error(ErrorView.internal(command, e.getMessage())));
        } catch (StackOverflowError e) {
            return Reply.error(400, command, "the input is nested too deeply for matcalc; write it with fewer levels of nesting "
                    + "(name an inner part in \"let\": u = …)");
        } catch (Throwable e) {
            // a bug: said on the server's console, never in the response
            System.err.println("matcalc: internal error on /api/" + command + ": " + e);
            return Reply.error(500, command, "internal error (please report it, with the request)");
        }
    }

    private static void send(Response response, Callback callback, Reply r, boolean api) {
        response.setStatus(r.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, r.contentType());
        if (api) response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(r.body()), callback);
    }

    /** Jetty's own refusals (a malformed request, headers too large): the same error JSON. */
    static final class Errors implements Request.Handler {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            Object s = request.getAttribute(ErrorHandler.ERROR_STATUS);
            int status = s instanceof Integer i ? i : response.getStatus() >= 400 ? response.getStatus() : 500;
            String message = switch (status) {
                // Jetty's parser refuses a path that climbs above the root (/katex/../../x) before any route sees it
                case 400 -> "bad request: the request is malformed, or its path leaves the site";
                case 404 -> "no such page";
                case 405 -> "method not allowed";
                case 413 -> "the body is larger than " + MAX_BODY / 1024 + " KB";
                case 414 -> "the address is too long";
                case 431 -> "the request's headers are too large";
                default -> status >= 500 ? "internal error (please report it)" : "the request was refused (HTTP " + status + ")";
            };
            Object cause = request.getAttribute(ErrorHandler.ERROR_EXCEPTION);
            // a bug: said on the server's console, never in the response
            if (status >= 500 && cause != null) System.err.println("matcalc: internal error: " + cause);
            response.getHeaders().put("X-Content-Type-Options", "nosniff");
            response.getHeaders().put("Content-Security-Policy", CSP);
            send(response, callback, Reply.error(status, "serve", message), true);
            return true;
        }
    }
}
