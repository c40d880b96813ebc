package community.arrakis.gatewayproxy.discord.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import community.arrakis.gatewayproxy.discord.gateway.transport.GatewayTransport;
import community.arrakis.gatewayproxy.discord.gateway.transport.NettyWebSocketTransport;
import community.arrakis.gatewayproxy.discord.gateway.transport.ReadBatchHook;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The shard on Netty, the ingestor's transport, which tells a hook where each socket read ends. */
class GatewayShardOnNettyIT extends GatewayShardOverSocketsContract {

    /** What the hook and the listener saw, in order: "start", "end", or a dispatch's sequence. */
    private final List<String> reads = new CopyOnWriteArrayList<>();
    private final List<String> readThreads = new CopyOnWriteArrayList<>();

    @Override
    protected GatewayTransport newTransport() {
        ReadBatchHook hook = ReadBatchHook.of(() -> record("start"), () -> record("end"));
        return new NettyWebSocketTransport(NettyWebSocketTransport.DEFAULT_MAX_MESSAGE_BYTES,
                NettyWebSocketTransport.DEFAULT_CONNECT_TIMEOUT, 1, hook);
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
    void everyMessageIsHandedOnInsideAReadBatchOnTheReadingThread() throws Exception {
        start(true);
        TestGatewayServer.Conn c = server.next();
        c.sendZlib("{\"t\":null,\"s\":null,\"op\":10,\"d\":{\"heartbeat_interval\":45000}}", 1);
        c.awaitOp(2);
        c.sendZlib("{\"t\":\"READY\",\"s\":1,\"op\":0,\"d\":{\"v\":10,\"session_id\":\"s\",\"resume_gateway_url\":\""
                + server.uri() + "\",\"guilds\":[],\"user\":{\"id\":\"1\"}}}", 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> shard.status() == ShardStatus.READY
                && reads.getLast().equals("end"));
        reads.clear();
        readThreads.clear();
        dispatches.clear();
        // 100 dispatches in one TCP write, then 100 more one write each
        c.inOneWrite(() -> {
            for (int s = 2; s <= 101; s++) {
                c.sendZlib(dispatchJson(s), 1);
            }
        });
        for (int s = 102; s <= 201; s++) {
            c.sendZlib(dispatchJson(s), 1);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> dispatches.size() == 200 && reads.getLast().equals("end"));
        assertThat(sequences()).containsExactlyElementsOf(LongStream.rangeClosed(2, 201).boxed().toList());

        List<List<Long>> batches = batches();
        assertThat(batches.stream().mapToInt(List::size).sum()).isEqualTo(200);
        assertThat(batches).allSatisfy(batch -> assertThat(batch).isNotEmpty());
        // the first write's dispatches cannot all have come one read each
        assertThat(batches.getFirst()).hasSizeGreaterThan(1);
        assertThat(readThreads).containsOnly(readThreads.getFirst()).allMatch(name -> name.startsWith("gateway-io"));
    }

    /** Splits the record into the dispatches of each start..end pair, failing on any other shape. */
    private List<List<Long>> batches() {
        List<List<Long>> batches = new ArrayList<>();
        List<Long> open = null;
        for (String what : reads) {
            switch (what) {
                case "start" -> {
                    assertThat(open).as("a read started inside another").isNull();
                    open = new ArrayList<>();
                }
                case "end" -> {
                    assertThat(open).as("a read ended that had not started").isNotNull();
                    batches.add(open);
                    open = null;
                }
                default -> {
                    assertThat(open).as("dispatch %s handed on outside a read", what).isNotNull();
                    open.add(Long.parseLong(what));
                }
            }
        }
        assertThat(open).as("the last read did not end").isNull();
        return batches;
    }

    private static String dispatchJson(long s) {
        return "{\"t\":\"MESSAGE_CREATE\",\"s\":" + s + ",\"op\":0,\"d\":{\"id\":\"" + s + "\"}}";
    }
}
