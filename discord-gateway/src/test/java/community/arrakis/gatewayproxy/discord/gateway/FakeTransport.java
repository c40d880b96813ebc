package community.arrakis.gatewayproxy.discord.gateway;

import community.arrakis.gatewayproxy.discord.gateway.transport.GatewayConnection;
import community.arrakis.gatewayproxy.discord.gateway.transport.GatewayTransport;
import community.arrakis.gatewayproxy.discord.gateway.transport.TransportListener;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** A transport whose "server side" the test plays by hand, on the test thread. */
final class FakeTransport implements GatewayTransport {

    final List<FakeConnection> connections = new CopyOnWriteArrayList<>();

    @Override
    public CompletableFuture<GatewayConnection> connect(URI url, community.arrakis.gatewayproxy.discord.gateway.compression.TransportCompression compression, TransportListener listener) {
        FakeConnection connection = new FakeConnection(url, listener);
        connections.add(connection);
        return connection.opened;
    }

    FakeConnection last() {
        return connections.get(connections.size() - 1);
    }

    static final class FakeConnection implements GatewayConnection {
        final URI url;
        final TransportListener listener;
        final CompletableFuture<GatewayConnection> opened = new CompletableFuture<>();
        final List<String> sent = new CopyOnWriteArrayList<>();
        final CompletableFuture<Void> closed = new CompletableFuture<>();
        volatile int closeCode = -1;

        FakeConnection(URI url, TransportListener listener) {
            this.url = url;
            this.listener = listener;
        }

        /** The server accepts the socket and says HELLO. */
        void open(long heartbeatInterval) {
            listener.onOpen(this);
            opened.complete(this);
            serverSends("{\"t\":null,\"s\":null,\"op\":10,\"d\":{\"heartbeat_interval\":" + heartbeatInterval + "}}");
        }

        void serverSends(String json) {
            listener.onMessage(json.getBytes(StandardCharsets.UTF_8), System.nanoTime());
        }

        void dispatch(long seq, String type, String data) {
            serverSends("{\"t\":\"" + type + "\",\"s\":" + seq + ",\"op\":0,\"d\":" + data + "}");
        }

        @Override
        public void send(String payload) {
            if (!closed.isDone()) {
                sent.add(payload);
            }
        }

        @Override
        public void close(int code, String reason) {
            if (closeCode < 0) {
                closeCode = code;
            }
            closed.complete(null);
        }

        @Override
        public CompletableFuture<Void> closed() {
            return closed;
        }

        boolean sentOp(int op) {
            return sent.stream().anyMatch(s -> s.startsWith("{\"op\":" + op + ","));
        }
    }
}
