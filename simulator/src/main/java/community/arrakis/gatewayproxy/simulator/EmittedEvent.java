package community.arrakis.gatewayproxy.simulator;

import java.util.List;

/**
 * What an emit call dispatched: the event type, its guild (null for DMs), the id of the entity it is
 * about (user, message, guild) and one delivery per session that got it; empty when no session
 * was listening or the intents filtered it out.
 */
public record EmittedEvent(String type, String guildId, String entityId, List<Delivery> deliveries) {
    public EmittedEvent {
        deliveries = List.copyOf(deliveries);
    }

    public boolean sent() {
        return !deliveries.isEmpty();
    }
}
