package community.arrakis.gatewayproxy.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A bare gateway client on java.net.http's WebSocket: keeps every frame it received, inflates
 * zlib-stream, and offers blocking waits. It never heartbeats on its own; tests decide.
 */
final class GatewayTestClient implements AutoCloseable {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final Duration WAIT = Duration.ofSeconds(10);

    private final LinkedBlockingQueue<JsonNode> inbox = new LinkedBlockingQueue<>();
    private final List<JsonNode> received = new ArrayList<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final WebSocket socket;
    private final Inflater inflater = new Inflater();
    private final ByteArrayOutputStream pendingBinary = new ByteArrayOutputStream();
    private final StringBuilder pendingText = new StringBuilder();
    private volatile boolean sawBinary;

    private GatewayTestClient(URI uri) {
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, new Listener()).join();
    }

    static GatewayTestClient connect(DiscordSimulator simulator, String query) {
        return new GatewayTestClient(URI.create(simulator.gatewayUrl() + "?" + query));
    }

    static GatewayTestClient connect(URI base, String query) {
        return new GatewayTestClient(URI.create(base + "?" + query));
    }

    static GatewayTestClient connect(DiscordSimulator simulator) {
        return connect(simulator, "v=10&encoding=json");
    }

    void send(String json) {
        socket.sendText(json, true).join();
    }

    void heartbeat(Long seq) {
        send("{\"op\":1,\"d\":" + seq + "}");
    }

    void identify(String token, int intents) {
        send("{\"op\":2,\"d\":{\"token\":\"" + token + "\",\"intents\":" + intents
                + ",\"properties\":{\"os\":\"linux\",\"browser\":\"test\",\"device\":\"test\"}}}");
    }

    void identify(String token, int intents, int shardId, int shardCount) {
        send("{\"op\":2,\"d\":{\"token\":\"" + token + "\",\"intents\":" + intents + ",\"shard\":[" + shardId + ","
                + shardCount + "],\"properties\":{\"os\":\"linux\",\"browser\":\"test\",\"device\":\"test\"}}}");
    }

    void resume(String token, String sessionId, long seq) {
        send("{\"op\":6,\"d\":{\"token\":\"" + token + "\",\"session_id\":\"" + sessionId + "\",\"seq\":" + seq + "}}");
    }

    /** The next frame that matches, skipping (but keeping in {@link #received}) the others. */
    JsonNode awaitFrame(java.util.function.Predicate<JsonNode> predicate) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        try {
            while (true) {
                JsonNode frame = inbox.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (frame == null) {
                    throw new AssertionError("no matching frame within " + WAIT + "; received " + received());
                }
                if (predicate.test(frame)) {
                    return frame;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    JsonNode awaitOp(int op) {
        return awaitFrame(f -> f.path("op").asInt() == op);
    }

    JsonNode awaitDispatch(String type) {
        return awaitFrame(f -> f.path("op").asInt() == 0 && type.equals(f.path("t").asText()));
    }

    /** Identifies and waits for READY; returns it. */
    JsonNode identifyAndAwaitReady(String token, int intents) {
        awaitOp(10);
        identify(token, intents);
        return awaitDispatch("READY");
    }

    int awaitClose() {
        return closeCode.orTimeout(WAIT.toMillis(), TimeUnit.MILLISECONDS).join();
    }

    boolean closed() {
        return closeCode.isDone();
    }

    boolean sawBinaryFrames() {
        return sawBinary;
    }

    synchronized List<JsonNode> received() {
        return List.copyOf(received);
    }

    void closeWith(int code) {
        socket.sendClose(code, "test").join();
    }

    /** Drops the TCP connection without a close handshake. */
    void abort() {
        socket.abort();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.abort();
        }
    }

    private synchronized void accept(String text) {
        try {
            JsonNode node = MAPPER.readTree(text);
            received.add(node);
            inbox.add(node);
        } catch (Exception e) {
            throw new IllegalStateException("not JSON: " + text, e);
        }
    }

    private final class Listener implements WebSocket.Listener {
        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            pendingText.append(data);
            if (last) {
                accept(pendingText.toString());
                pendingText.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            sawBinary = true;
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            pendingBinary.writeBytes(bytes);
            byte[] all = pendingBinary.toByteArray();
            int n = all.length;
            if (last && n >= 4 && all[n - 4] == 0 && all[n - 3] == 0 && all[n - 2] == (byte) 0xff
                    && all[n - 1] == (byte) 0xff) {
                pendingBinary.reset();
                accept(inflate(all));
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeCode.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closeCode.complete(1006);
        }
    }

    private String inflate(byte[] compressed) {
        inflater.setInput(compressed);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = inflater.inflate(buffer)) > 0) {
                out.write(buffer, 0, n);
            }
        } catch (DataFormatException e) {
            throw new IllegalStateException(e);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }
}
