package community.arrakis.gatewayproxy.ingestor;

import community.arrakis.gatewayproxy.broker.ConfirmingPublisher;
import community.arrakis.gatewayproxy.envelope.Envelope;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * One shard's share of the channel that every shard of the process publishes on. One busy channel
 * costs the broker far less per message than many quiet ones (the throughput benchmark with 16
 * shards, docs/benchmarks.md), and the shards' order is kept either way, since the channel sends in
 * the order of publishing. What stays per shard is the count of its events not
 * yet confirmed: the bound that pauses this shard, and only this one, while the broker is away.
 */
final class ShardPublisher {

    private final int shardId;
    private final ConfirmingPublisher channel;
    private final AtomicInteger unconfirmed = new AtomicInteger();

    ShardPublisher(int shardId, ConfirmingPublisher channel) {
        this.shardId = shardId;
        this.channel = channel;
    }

    /** @see ConfirmingPublisher#publish(Envelope) */
    CompletableFuture<Void> publish(Envelope envelope) {
        return counted(() -> channel.publish(envelope));
    }

    /** @see ConfirmingPublisher#publishDeadLetter */
    CompletableFuture<Void> publishDeadLetter(String messageId, byte[] body, String reason, Map<String, Object> headers) {
        return counted(() -> channel.publishDeadLetter(shardId, messageId, body, reason, headers));
    }

    /** This shard's events not yet confirmed: sent and waiting, or held while the channel is down. */
    int buffered() {
        return unconfirmed.get();
    }

    /** Whether an event published now would go out at once rather than be held. */
    boolean isWritable() {
        return channel.isWritable();
    }

    private CompletableFuture<Void> counted(Supplier<CompletableFuture<Void>> publish) {
        unconfirmed.incrementAndGet();
        CompletableFuture<Void> future;
        try {
            future = publish.get();
        } catch (RuntimeException e) {
            unconfirmed.decrementAndGet();
            throw e;
        }
        future.whenComplete((ok, error) -> unconfirmed.decrementAndGet());
        return future;
    }
}
