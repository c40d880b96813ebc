package community.arrakis.gatewayproxy.broker;

import com.rabbitmq.client.AMQP;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** One message a {@link ConfirmingPublisher} is responsible for; its future completes once, when the broker decides. */
final class PendingMessage {

    final String exchange;
    final String routingKey;
    private final AMQP.BasicProperties base;
    final byte[] body;
    final int shardId;
    final CompletableFuture<Void> future = new CompletableFuture<>();
    /** Sent again after a nack or a lost channel: every later copy says so. */
    volatile boolean republished;
    /** The ingestor deferred it (see {@link ConfirmingPublisher#markDeferred}): every later copy says so. */
    volatile boolean deferred;
    /** The broker returned it as unroutable; its confirm then fails it. */
    volatile String returnedReason;

    PendingMessage(String exchange, String routingKey, AMQP.BasicProperties base, byte[] body, int shardId) {
        this.exchange = exchange;
        this.routingKey = routingKey;
        this.base = base;
        this.body = body;
        this.shardId = shardId;
    }

    String messageId() {
        return base.getMessageId();
    }

    /** Whether it is still waiting for the broker (not confirmed, failed or abandoned). */
    boolean outstanding() {
        return !future.isDone();
    }

    /** The properties of the next copy sent: the original ones, plus the marks it has gained since. */
    AMQP.BasicProperties properties() {
        if (!republished && !deferred) {
            return base;
        }
        Map<String, Object> headers = new HashMap<>(base.getHeaders() == null ? Map.of() : base.getHeaders());
        if (republished) {
            headers.put(ConfirmingPublisher.REPUBLISHED_HEADER, true);
        }
        AMQP.BasicProperties.Builder builder = base.builder();
        if (deferred) {
            headers.put(ConfirmingPublisher.DEFERRED_HEADER, true);
            builder.priority(ConfirmingPublisher.DEFERRED_PRIORITY);
        }
        return builder.headers(headers).build();
    }
}
