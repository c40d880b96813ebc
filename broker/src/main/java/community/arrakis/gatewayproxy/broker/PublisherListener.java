package community.arrakis.gatewayproxy.broker;

/**
 * What a {@link ConfirmingPublisher} reports beyond each message's future, for metrics and logs.
 * Called on RabbitMQ's connection threads: implementations must be quick and must not publish.
 */
public interface PublisherListener {

    PublisherListener NONE = new PublisherListener() {
    };

    /** The broker returned a mandatory message: nothing was bound for its routing key. */
    default void unroutable(String messageId, String exchange, String routingKey) {
    }

    /** A message of shard {@code shardId} is being sent again, after a nack or a lost channel. */
    default void republished(String messageId, int shardId, String why) {
    }

    /** The channel went away; messages are held until it is back. */
    default void channelLost(String reason) {
    }

    /** The channel is back and {@code resent} held or unconfirmed messages went out again. */
    default void channelRecovered(int resent) {
    }
}
