package community.arrakis.gatewayproxy.worker.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A JDK HTTP server on port 0 that records every request and answers like Discord's interaction
 * routes (204 for callbacks and deletes, 200 with a message for webhooks). A stand-in until the
 * simulator and the REST client land; it checks what went over a real socket.
 */
public final class RecordingDiscord implements AutoCloseable {

    public record Request(String method, String path, String body) {
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    public RecordingDiscord() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), body));
            String method = exchange.getRequestMethod();
            if (method.equals("DELETE") || method.equals("PUT") || exchange.getRequestURI().getPath().endsWith("/callback")) {
                exchange.sendResponseHeaders(204, -1);
            } else {
                byte[] answer = "{\"id\":\"1\",\"content\":\"\"}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, answer.length);
                exchange.getResponseBody().write(answer);
            }
            exchange.close();
        });
        server.start();
    }

    /** e.g. {@code http://127.0.0.1:PORT/api/v10} */
    public URI apiBase() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/v10");
    }

    public List<Request> requests() {
        return requests;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
