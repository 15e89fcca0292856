package matcalc.web;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** One server on a free loopback port for a test class, and a client for it. */
abstract class ServerFixture {
    static WebServer server;
    static ApiClient client;

    @BeforeAll
    static void start() {
        server = WebServer.start("127.0.0.1", 0);
        client = new ApiClient(server.uri());
    }

    @AfterAll
    static void stop() {
        server.close();
    }
}
