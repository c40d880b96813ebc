package community.arrakis.gatewayproxy.app.standalone;

import community.arrakis.gatewayproxy.discord.gateway.GatewayDispatch;
import community.arrakis.gatewayproxy.discord.gateway.GatewayListener;
import community.arrakis.gatewayproxy.discord.gateway.GatewayShard;
import community.arrakis.gatewayproxy.discord.gateway.InMemoryIdentifyLimiter;
import community.arrakis.gatewayproxy.discord.gateway.ShardOptions;
import community.arrakis.gatewayproxy.discord.gateway.ShardStatus;
import community.arrakis.gatewayproxy.discord.gateway.compression.TransportCompression;
import community.arrakis.gatewayproxy.discord.rest.DiscordRestClient;
import community.arrakis.gatewayproxy.discord.rest.GatewayBot;
import community.arrakis.gatewayproxy.envelope.EnvelopeFactory;
import community.arrakis.gatewayproxy.envelope.InvalidEnvelopeException;
import community.arrakis.gatewayproxy.envelope.routing.RoutingTable;
import community.arrakis.gatewayproxy.worker.dispatch.DispatchOptions;
import community.arrakis.gatewayproxy.worker.dispatch.RestInteractionTransport;
import community.arrakis.gatewayproxy.worker.handler.Handlers;
import community.arrakis.gatewayproxy.worker.local.LocalEventLoop;
import community.arrakis.gatewayproxy.worker.metrics.WorkerMetrics;
import community.arrakis.gatewayproxy.worker.migration.MigrationHooks;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A whole bot in one process, for small bots and first runs: every shard's dispatches become
 * envelopes (the same {@link EnvelopeFactory} as the ingestor's) and go to a {@link LocalEventLoop}
 * that runs the same handlers a worker runs, with in-memory state.
 *
 * <p>The gateway's reading thread only builds the envelope and enqueues it; the loop's queue never
 * blocks, so a slow handler can delay other handlers but never a heartbeat. What this mode does not
 * have: durability across restarts (events in the queue die with the process) and a dead-letter
 * queue (a failed event is logged with its reason).
 */
public final class StandaloneBot implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StandaloneBot.class);

    private final List<GatewayShard> shards = new ArrayList<>();
    private final LocalEventLoop loop;
    private final DiscordRestClient rest;

    private StandaloneBot(LocalEventLoop loop, DiscordRestClient rest) {
        this.loop = loop;
        this.rest = rest;
    }

    /**
     * Asks Discord for the gateway and shard count, then starts every shard. Returns at once; see
     * {@link #isReady()}.
     */
    public static StandaloneBot start(URI apiBaseUrl, String botToken, int intents, TransportCompression compression,
                                      boolean messageEvents, Handlers handlers, int concurrency) {
        return start(apiBaseUrl, botToken, intents, compression, messageEvents, handlers, concurrency,
                MigrationHooks.NONE, WorkerMetrics.standalone());
    }

    /**
     * As above, as the standalone side of a migration (docs/migration.md): with guild canaries it
     * runs only the events the canary set leaves it, and its Discord writes pass {@code migration}'s
     * tap (recorded for the shadow comparison).
     *
     * @param metrics where counts go (a scraped registry when the bot has an ops port)
     */
    public static StandaloneBot start(URI apiBaseUrl, String botToken, int intents, TransportCompression compression,
                                      boolean messageEvents, Handlers handlers, int concurrency,
                                      MigrationHooks migration, WorkerMetrics metrics) {
        DiscordRestClient rest = DiscordRestClient.builder(apiBaseUrl).botToken(botToken)
                .writeTap(migration.writes()).build();
        GatewayBot gateway = rest.gatewayBot();
        StandaloneBot bot = new StandaloneBot(LocalEventLoop.start(handlers, rest,
                new RestInteractionTransport(rest, metrics), concurrency, metrics, DispatchOptions.defaults("standalone"),
                outcome -> { }, migration.admission()), rest);
        EnvelopeFactory factory = new EnvelopeFactory(new RoutingTable(messageEvents));
        InMemoryIdentifyLimiter limiter = new InMemoryIdentifyLimiter(gateway.sessionStartLimit().maxConcurrency());
        int shardCount = Math.max(1, gateway.shards());
        log.info("standalone bot: {} shard(s) on {}", shardCount, gateway.url());
        for (int shardId = 0; shardId < shardCount; shardId++) {
            ShardOptions options = ShardOptions.of(gateway.url(), botToken, shardId, shardCount)
                    .withIntents(intents).withCompression(compression);
            GatewayShard shard = new GatewayShard(options, bot.new Forwarder(factory), limiter);
            bot.shards.add(shard);
            shard.start();
        }
        return bot;
    }

    /** Every shard is READY. */
    public boolean isReady() {
        return shards.stream().allMatch(shard -> shard.status() == ShardStatus.READY);
    }

    public List<GatewayShard> shards() {
        return List.copyOf(shards);
    }

    /** Envelopes waiting for a handler. */
    public int queued() {
        return loop.queued();
    }

    @Override
    public void close() {
        shards.forEach(GatewayShard::close);
        loop.close();
        rest.close();
    }

    /** Runs on a shard's reading thread: builds the envelope and hands it over, nothing more. */
    private final class Forwarder implements GatewayListener {
        private final EnvelopeFactory factory;

        Forwarder(EnvelopeFactory factory) {
            this.factory = factory;
        }

        @Override
        public void onDispatch(GatewayDispatch dispatch) {
            try {
                factory.create(dispatch.shardId(), dispatch.sessionId(), dispatch.sequence(), dispatch.type(),
                                dispatch.data(), dispatch.receivedAtMillis(), dispatch.guildKnownAtReady())
                        .ifPresent(loop::submit);
            } catch (InvalidEnvelopeException e) {
                log.error("shard {} {} seq {} is malformed and was not handled: {}", dispatch.shardId(),
                        dispatch.type(), dispatch.sequence(), e.getMessage());
            }
        }
    }
}
