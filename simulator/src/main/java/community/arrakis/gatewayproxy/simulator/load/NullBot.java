package community.arrakis.gatewayproxy.simulator.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The cheapest possible bot: identifies, heartbeats and counts dispatches without parsing them. It
 * measures what the simulator can push, not what a real bot can handle.
 */
public final class NullBot implements AutoCloseable {
    private final AtomicLong dispatches = new AtomicLong();
    private final AtomicLong lastSeq = new AtomicLong();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "null-bot-heartbeat");
        thread.setDaemon(true);
        return thread;
    });
    private final String token;
    private final int intents;
    private final WebSocket socket;
    private volatile long firstDispatchNanos;
    private volatile long lastDispatchNanos;

    private NullBot(URI gateway, String token, int intents) {
        this.token = token;
        this.intents = intents;
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(gateway + "?v=10&encoding=json"), new Listener()).join();
    }

    /** Connects, identifies with the GUILDS intent and waits for READY. */
    public static NullBot connect(URI gateway, String token) {
        NullBot bot = new NullBot(gateway, token, 1);
        bot.ready.orTimeout(30, TimeUnit.SECONDS).join();
        return bot;
    }

    public long dispatches() {
        return dispatches.get();
    }

    /** Seconds between the first and the last dispatch received. */
    public double receivingSeconds() {
        return (lastDispatchNanos - firstDispatchNanos) / 1e9;
    }

    public void resetCounters() {
        dispatches.set(0);
        firstDispatchNanos = 0;
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            if (!last) {
                partial.append(data);
                webSocket.request(1);
                return null;
            }
            CharSequence frame = data;
            if (!partial.isEmpty()) {
                frame = partial.append(data).toString();
                partial.setLength(0);
            }
            onFrame(webSocket, frame.toString());
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            ready.completeExceptionally(new IllegalStateException("gateway closed with " + statusCode));
            return null;
        }
    }

    private void onFrame(WebSocket webSocket, String frame) {
        if (frame.startsWith("{\"t\":\"")) {
            long now = System.nanoTime();
            if (dispatches.getAndIncrement() == 0) {
                firstDispatchNanos = now;
            }
            lastDispatchNanos = now;
            int s = frame.indexOf("\"s\":");
            int end = frame.indexOf(',', s);
            lastSeq.set(Long.parseLong(frame, s + 4, end, 10));
            if (frame.startsWith("{\"t\":\"READY\"")) {
                ready.complete(null);
            }
        } else if (frame.contains("\"op\":10")) {
            long interval = Long.parseLong(frame.replaceAll(".*\"heartbeat_interval\":(\\d+).*", "$1"));
            heartbeats.scheduleAtFixedRate(() -> heartbeat(webSocket), interval / 2, interval, TimeUnit.MILLISECONDS);
            webSocket.sendText("{\"op\":2,\"d\":{\"token\":\"" + token + "\",\"intents\":" + intents
                    + ",\"properties\":{\"os\":\"linux\",\"browser\":\"null-bot\",\"device\":\"null-bot\"}}}", true);
        }
    }

    private void heartbeat(WebSocket webSocket) {
        try {
            webSocket.sendText("{\"op\":1,\"d\":" + lastSeq.get() + "}", true);
        } catch (RuntimeException e) {
            // The next beat tries again; the bot is only measuring.
        }
    }

    @Override
    public void close() {
        heartbeats.shutdownNow();
        socket.sendClose(1000, "done").orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
    }
}
