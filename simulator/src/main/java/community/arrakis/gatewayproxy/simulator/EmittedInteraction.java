package community.arrakis.gatewayproxy.simulator;

import java.time.Instant;
import java.util.List;

/**
 * An INTERACTION_CREATE the simulator dispatched. {@code createdAt} is the timestamp inside the
 * snowflake {@code id}: the 3 s callback and 15 min follow-up deadlines count from it.
 */
public record EmittedInteraction(String id, String token, int type, String guildId, String channelId, String userId,
                                 Instant createdAt, List<Delivery> deliveries) {
    public static final int PING = 1;
    public static final int APPLICATION_COMMAND = 2;
    public static final int MESSAGE_COMPONENT = 3;
    public static final int APPLICATION_COMMAND_AUTOCOMPLETE = 4;
    public static final int MODAL_SUBMIT = 5;

    public EmittedInteraction {
        deliveries = List.copyOf(deliveries);
    }

    public boolean sent() {
        return !deliveries.isEmpty();
    }

    @Override
    public String toString() {
        return "EmittedInteraction[id=" + id + ", type=" + type + ", guildId=" + guildId + ", deliveries="
                + deliveries + "]";
    }
}
