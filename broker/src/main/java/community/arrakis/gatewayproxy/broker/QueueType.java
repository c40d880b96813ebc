package community.arrakis.gatewayproxy.broker;

import java.util.Locale;

/**
 * The type every queue of the topology is declared with ({@code --queue-type}).
 *
 * <ul>
 *   <li>{@link #CLASSIC}: one node holds each queue; the interactions queue has priorities
 *       ({@code x-max-priority} 10). Lost with its node's disk.</li>
 *   <li>{@link #QUORUM}: replicated by Raft over the cluster's nodes, survives the loss of a
 *       minority of them. RabbitMQ 3.x quorum queues have no priorities, so interactions that can
 *       wait (autocomplete, other types) travel in a queue of their own, which the worker reads
 *       with a smaller prefetch (docs/architecture.md, "Cluster and quorum queues").</li>
 * </ul>
 */
public enum QueueType {
    CLASSIC,
    QUORUM;

    /** The value of {@code x-queue-type}. */
    public String argument() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code classic} or {@code quorum}, any case; anything else is refused naming both. */
    public static QueueType parse(String value) {
        for (QueueType type : values()) {
            if (type.argument().equalsIgnoreCase(value == null ? "" : value.trim())) {
                return type;
            }
        }
        throw new IllegalArgumentException("queue type must be classic or quorum, not '" + value + "'");
    }
}
