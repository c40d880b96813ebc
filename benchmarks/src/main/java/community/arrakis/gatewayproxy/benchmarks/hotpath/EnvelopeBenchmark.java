package community.arrakis.gatewayproxy.benchmarks.hotpath;

import community.arrakis.gatewayproxy.envelope.Envelope;
import community.arrakis.gatewayproxy.envelope.EnvelopeCodec;
import community.arrakis.gatewayproxy.envelope.EnvelopeFactory;
import community.arrakis.gatewayproxy.envelope.routing.RoutingTable;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the ingestor spends per event before the broker (dispatch → envelope → bytes) and what a
 * worker spends decoding it. Run: {@code scripts/bench/hotpath.sh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EnvelopeBenchmark {

    private final EnvelopeFactory factory = new EnvelopeFactory(new RoutingTable(false));
    private final EnvelopeCodec codec = new EnvelopeCodec();
    private byte[] slashCommand;
    private byte[] bigGuildCreate;
    private Envelope envelope;
    private byte[] encoded;

    @Setup
    public void setUp() {
        slashCommand = ("{\"id\":\"1300000000000000001\",\"application_id\":\"1100000000000000000\",\"type\":2,"
                + "\"token\":\"aW50ZXJhY3Rpb246MTMwMDAwMDAwMDAwMDAwMDAwMTpzZWNyZXQtc2VjcmV0LXNlY3JldA\","
                + "\"guild_id\":\"41771983444115456\",\"channel_id\":\"41771983444115457\",\"version\":1,"
                + "\"member\":{\"user\":{\"id\":\"80351110224678912\",\"username\":\"nelly\",\"global_name\":\"Nelly\","
                + "\"avatar\":null},\"roles\":[\"41771983444115458\"],\"permissions\":\"2248473465835073\","
                + "\"joined_at\":\"2026-01-01T00:00:00.000000+00:00\",\"deaf\":false,\"mute\":false,\"flags\":0},"
                + "\"data\":{\"id\":\"900\",\"name\":\"ping\",\"type\":1,\"options\":[{\"name\":\"text\",\"type\":3,"
                + "\"value\":\"hello\"}]},\"app_permissions\":\"2248473465835073\",\"locale\":\"en-US\","
                + "\"guild_locale\":\"en-US\",\"entitlements\":[],\"authorizing_integration_owners\":{\"0\":\"41771983444115456\"},"
                + "\"context\":0,\"attachment_size_limit\":10485760}").getBytes(StandardCharsets.UTF_8);
        StringBuilder guild = new StringBuilder("{\"id\":\"41771983444115456\",\"name\":\"big\",\"members\":[");
        for (int i = 0; i < 5_000; i++) {
            guild.append(i == 0 ? "" : ",").append("{\"user\":{\"id\":\"").append(80351110224678912L + i)
                    .append("\",\"username\":\"user").append(i).append("\"},\"roles\":[],\"joined_at\":\"2026-01-01T00:00:00Z\"}");
        }
        bigGuildCreate = guild.append("],\"channels\":[]}").toString().getBytes(StandardCharsets.UTF_8);
        envelope = factory.create(0, "0123456789abcdef0123456789abcdef", 42, "INTERACTION_CREATE", slashCommand,
                System.currentTimeMillis(), false).orElseThrow();
        encoded = codec.encode(envelope);
    }

    @Benchmark
    public byte[] interactionDispatchToBytes() {
        return codec.encode(factory.create(0, "0123456789abcdef0123456789abcdef", 42, "INTERACTION_CREATE",
                slashCommand, 1L, false).orElseThrow());
    }

    @Benchmark
    public Envelope guildCreateWith5000MembersToEnvelope() {
        return factory.create(0, "0123456789abcdef0123456789abcdef", 43, "GUILD_CREATE", bigGuildCreate, 1L, true)
                .orElseThrow();
    }

    @Benchmark
    public Envelope decodeInteraction() {
        return codec.decode(encoded);
    }
}
