package community.arrakis.gatewayproxy.discord.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import community.arrakis.gatewayproxy.discord.gateway.compression.TransportCompression;
import community.arrakis.gatewayproxy.discord.gateway.transport.GatewayConnection;
import community.arrakis.gatewayproxy.discord.gateway.transport.GatewayTransport;
import community.arrakis.gatewayproxy.discord.gateway.transport.NettyWebSocketTransport;
import community.arrakis.gatewayproxy.discord.gateway.transport.ReadBatchHook;
import community.arrakis.gatewayproxy.discord.gateway.transport.TransportListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The shard on Netty, the ingestor's transport, which tells a hook where each socket read ends and
 * speaks TLS to {@code wss://} (Discord's only scheme) with the host name verified.
 */
class GatewayShardOnNettyIT extends GatewayShardOverSocketsContract {

    /** What the hook and the listener saw, in order: "start", "end", or a dispatch's sequence (from the first pass on). */
    private final List<String> reads = new CopyOnWriteArrayList<>();
    private final List<String> readThreads = new CopyOnWriteArrayList<>();

    /** Null: the JDK's default trust store, as in production. */
    private TrustManagerFactory trust;

    @Override
    protected GatewayTransport newTransport() {
        ReadBatchHook hook = ReadBatchHook.of(() -> record("start"), () -> record("end"));
        return new NettyWebSocketTransport(GatewayTransport.DEFAULT_MAX_MESSAGE_BYTES,
                GatewayTransport.DEFAULT_CONNECT_TIMEOUT, 1, hook, trust);
    }

    @Test
    void identifiesResumesAndDeliversOverTls() throws Exception {
        TestCertificate certificate = TestCertificate.forLocalhost();
        server.close();
        server = new TestGatewayServer(certificate.serverContext());
        trust = certificate.trust();
        start(true);
        TestGatewayServer.Conn c = server.next();
        assertThat(c.requestTarget).isEqualTo("/?v=10&encoding=json&compress=zlib-stream");
        readyOverZlib(c, "tls");
        for (int s = 2; s <= 50; s++) {
            c.sendZlib(dispatchJson(s), 1);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> dispatches.size() == 49);
        assertThat(sequences()).containsExactlyElementsOf(LongStream.rangeClosed(2, 50).boxed().toList());

        c.drop(); // the resume goes to the wss:// resume URL READY gave
        TestGatewayServer.Conn resumed = server.next();
        assertThat(resumed.requestTarget).startsWith("/resume?v=10");
        resumed.sendZlib("{\"t\":null,\"s\":null,\"op\":10,\"d\":{\"heartbeat_interval\":45000}}", 1);
        assertThat(resumed.awaitOp(6)).contains("\"session_id\":\"tls\"").contains("\"seq\":50");
    }

    @Test
    void refusesAGatewayWhoseCertificateItDoesNotTrust() throws Exception {
        // self-signed, so not in the JDK's trust store, which the transport uses by default
        assertHandshakeRefused(TestCertificate.forLocalhost());
    }

    @Test
    void refusesACertificateIssuedToAnotherHost() throws Exception {
        TestCertificate elsewhere = TestCertificate.forHost("gateway.elsewhere.test");
        trust = elsewhere.trust(); // trusted, but not for localhost
        assertHandshakeRefused(elsewhere);
    }

    private void assertHandshakeRefused(TestCertificate presented) throws Exception {
        try (TestGatewayServer tlsServer = new TestGatewayServer(presented.serverContext())) {
            GatewayTransport client = newTransport();
            try {
                CompletableFuture<GatewayConnection> opening = client.connect(tlsServer.uri(),
                        TransportCompression.NONE, new IgnoringListener());
                assertThatThrownBy(() -> opening.get(10, TimeUnit.SECONDS))
                        .satisfies(e -> assertThat(causes(e)).anyMatch(SSLHandshakeException.class::isInstance));
            } finally {
                client.close();
            }
        }
    }

    private static List<Throwable> causes(Throwable error) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = error; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    private static final class IgnoringListener implements TransportListener {
        @Override
        public void onOpen(GatewayConnection connection) {
        }

        @Override
        public void onMessage(byte[] message, long receivedAtNanos) {
        }

        @Override
        public void onClosed(int code, String reason) {
        }

        @Override
        public void onFailed(Throwable error) {
        }
    }

    @Override
    protected void dispatched(GatewayDispatch dispatch) {
        record(Long.toString(dispatch.sequence()));
    }

    private void record(String what) {
        reads.add(what);
        readThreads.add(Thread.currentThread().getName());
    }

    @Test
    void everyMessageIsHandedOnInsideAReadPassOnTheReadingThread() throws Exception {
        start(true);
        TestGatewayServer.Conn c = server.next();
        readyOverZlib(c, "s");
        await().atMost(Duration.ofSeconds(5)).until(() -> shard.status() == ShardStatus.READY);
        // 100 dispatches in one TCP write, then 100 more one write each
        c.inOneWrite(() -> {
            for (int s = 2; s <= 101; s++) {
                c.sendZlib(dispatchJson(s), 1);
            }
        });
        for (int s = 102; s <= 201; s++) {
            c.sendZlib(dispatchJson(s), 1);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> dispatches.size() == 200);
        // the pass that handed on dispatch 201 has ended
        await().atMost(Duration.ofSeconds(5)).until(() -> reads.lastIndexOf("end") > reads.indexOf("201"));
        assertThat(sequences()).containsExactlyElementsOf(LongStream.rangeClosed(2, 201).boxed().toList());

        List<List<Long>> passes = passes();
        List<Long> handedOn = passes.stream().flatMap(List::stream).toList();
        assertThat(handedOn).containsExactlyElementsOf(LongStream.rangeClosed(2, 201).boxed().toList());
        // the first write's dispatches cannot all have come one pass each
        List<Long> firstWrite = passes.stream().filter(p -> p.contains(2L)).findFirst().orElseThrow();
        assertThat(firstWrite).hasSizeGreaterThan(1);
        assertThat(readThreads).containsOnly(readThreads.getFirst()).allMatch(name -> name.startsWith("gateway-io"));
    }

    /**
     * Splits the record into the dispatches of each start..end pair, failing on any other shape; a
     * last pass still open (the thread waiting for its sockets) is left out.
     */
    private List<List<Long>> passes() {
        List<List<Long>> passes = new ArrayList<>();
        List<Long> open = null;
        for (String what : List.copyOf(reads)) {
            switch (what) {
                case "start" -> {
                    assertThat(open).as("a pass started inside another").isNull();
                    open = new ArrayList<>();
                }
                case "end" -> {
                    assertThat(open).as("a pass ended that had not started").isNotNull();
                    passes.add(open);
                    open = null;
                }
                default -> {
                    assertThat(open).as("dispatch %s handed on outside a pass", what).isNotNull();
                    open.add(Long.parseLong(what));
                }
            }
        }
        assertThat(open).as("the pass still open has handed nothing on").isNullOrEmpty();
        return passes;
    }

    /** HELLO, the client's IDENTIFY, then READY for {@code sessionId}, all through zlib-stream. */
    private void readyOverZlib(TestGatewayServer.Conn c, String sessionId) throws Exception {
        c.sendZlib("{\"t\":null,\"s\":null,\"op\":10,\"d\":{\"heartbeat_interval\":45000}}", 1);
        assertThat(c.awaitOp(2)).contains("\"token\":\"it-token\"");
        c.sendZlib("{\"t\":\"READY\",\"s\":1,\"op\":0,\"d\":{\"v\":10,\"session_id\":\"" + sessionId
                + "\",\"resume_gateway_url\":\"" + server.uri() + "/resume\",\"guilds\":[],\"user\":{\"id\":\"1\"}}}", 1);
    }

    private static String dispatchJson(long s) {
        return "{\"t\":\"MESSAGE_CREATE\",\"s\":" + s + ",\"op\":0,\"d\":{\"id\":\"" + s + "\"}}";
    }
}
