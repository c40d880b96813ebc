package community.arrakis.gatewayproxy.ingestor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import community.arrakis.gatewayproxy.broker.BrokerConnections;
import community.arrakis.gatewayproxy.broker.ConfirmingPublisher;
import community.arrakis.gatewayproxy.broker.PublisherListener;
import community.arrakis.gatewayproxy.testkit.TcpProxy;
import community.arrakis.gatewayproxy.broker.TopologyDeclarer;
import community.arrakis.gatewayproxy.envelope.Envelope;
import community.arrakis.gatewayproxy.envelope.EnvelopeCodec;
import community.arrakis.gatewayproxy.envelope.EnvelopeFactory;
import community.arrakis.gatewayproxy.envelope.routing.RoutingTable;
import community.arrakis.gatewayproxy.envelope.topology.Topology;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two shards on the one channel the ingestor publishes on, against the real RabbitMQ through a TCP
 * proxy that can cut it: each shard counts only its own unconfirmed events (the bound that pauses
 * it), each keeps its order on the queue, and republished events are reported under their shard.
 */
class ShardPublisherIT {

    private static final String AMQP_URL = System.getenv().getOrDefault("RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672");

    private final Topology topology = Topology.withPrefix("it-shard-publisher-" + UUID.randomUUID().toString().substring(0, 8) + ".")
            .withGuildPartitions(1); // one partition: these tests read what the ingestor published from one queue
    private final TopologyDeclarer declarer = new TopologyDeclarer(topology);
    private final EnvelopeFactory factory = new EnvelopeFactory(new RoutingTable(true));
    private final EnvelopeCodec codec = new EnvelopeCodec();
    private final Map<String, Integer> republishedShards = new ConcurrentHashMap<>();
    private final List<CompletableFuture<Void>> futures = new ArrayList<>();
    private Connection admin;

    @BeforeEach
    void declare() throws Exception {
        admin = BrokerConnections.connect(AMQP_URL, "ShardPublisherIT-admin");
        try (Channel channel = admin.createChannel()) {
            declarer.declare(channel);
        }
    }

    @AfterEach
    void cleanUp() throws Exception {
        declarer.delete(admin);
        admin.close();
    }

    @Test
    void shardsSharingTheChannelEachCountTheirOwnEventsAndKeepTheirOwnOrderAcrossACut() throws Exception {
        PublisherListener listener = new PublisherListener() {
            @Override
            public void republished(String messageId, int shardId, String why) {
                republishedShards.put(messageId, shardId);
            }
        };
        try (TcpProxy proxy = TcpProxy.forAmqpUrl(AMQP_URL);
             Connection connection = BrokerConnections.connect(proxy.rewrite(AMQP_URL), "ShardPublisherIT");
             ConfirmingPublisher channel = new ConfirmingPublisher(connection, topology, "shards 1-2", listener)) {
            ShardPublisher one = new ShardPublisher(1, channel);
            ShardPublisher two = new ShardPublisher(2, channel);

            publish(one, 1, 1, 20);
            publish(two, 2, 1, 30);
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
            assertThat(one.buffered()).isZero();
            assertThat(two.buffered()).isZero();

            // These reach the broker but their confirms never come back: unconfirmed at the cut.
            proxy.silenceReplies();
            publish(one, 1, 21, 30);
            publish(two, 2, 31, 35);
            await().atMost(Duration.ofSeconds(5)).until(() -> queueDepth() == 65);
            proxy.cut();
            await().atMost(Duration.ofSeconds(5)).until(() -> !one.isWritable());
            // Published while the broker is unreachable: held.
            publish(one, 1, 31, 35);
            publish(two, 2, 36, 50);

            assertThat(one.buffered()).isEqualTo(15);
            assertThat(two.buffered()).isEqualTo(20);
            assertThat(channel.buffered()).isEqualTo(35);

            proxy.restore();
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(15, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(5)).until(() -> one.buffered() == 0 && two.buffered() == 0);
        }

        // The 15 unconfirmed at the cut were sent again, each reported under its own shard.
        assertThat(republishedShards).hasSize(15);
        republishedShards.forEach((eventId, shard) ->
                assertThat(eventId).startsWith(shard + ":"));

        Set<Long> firstSeenOne = new LinkedHashSet<>();
        Set<Long> firstSeenTwo = new LinkedHashSet<>();
        try (Channel channel = admin.createChannel()) {
            GetResponse got;
            while ((got = channel.basicGet(topology.guildPartitionQueue(0), true)) != null) {
                Envelope envelope = codec.decode(got.getBody());
                (envelope.shardId() == 1 ? firstSeenOne : firstSeenTwo).add(envelope.sequence());
            }
        }
        // every event of each shard arrived, and in the shard's order (duplicates of republished ones
        // come after their first copy, so first sightings are in publishing order)
        assertThat(firstSeenOne).containsExactlyElementsOf(LongStream.rangeClosed(1, 35).boxed().toList());
        assertThat(firstSeenTwo).containsExactlyElementsOf(LongStream.rangeClosed(1, 50).boxed().toList());
    }

    private void publish(ShardPublisher publisher, int shardId, long fromSeq, long toSeq) {
        for (long seq = fromSeq; seq <= toSeq; seq++) {
            String json = "{\"guild_id\":\"42\",\"user\":{\"id\":\"" + (shardId * 10_000 + seq) + "\"}}";
            Envelope envelope = factory.create(shardId, "session-" + shardId, seq, "GUILD_MEMBER_ADD",
                    json.getBytes(StandardCharsets.UTF_8), System.currentTimeMillis(), false).orElseThrow();
            futures.add(publisher.publish(envelope));
        }
    }

    private long queueDepth() throws Exception {
        try (Channel channel = admin.createChannel()) {
            return channel.messageCount(topology.guildPartitionQueue(0));
        }
    }
}
