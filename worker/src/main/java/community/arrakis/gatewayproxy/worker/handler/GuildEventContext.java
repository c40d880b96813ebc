package community.arrakis.gatewayproxy.worker.handler;

import com.fasterxml.jackson.databind.JsonNode;
import community.arrakis.gatewayproxy.discord.rest.DiscordRestClient;
import community.arrakis.gatewayproxy.worker.state.StateStore;

/** What a guild event handler gets: the event's ids, Discord's payload, REST and state. */
public interface GuildEventContext {

    String eventId();

    /** Our event type, e.g. {@code member.join}. */
    String eventType();

    /** Null for events outside a guild (a DM message). */
    String guildId();

    /** The member, user or author the event is about; null when there is none. */
    String userId();

    String channelId();

    /** Discord's raw dispatch data ({@code d}), parsed on first use. */
    JsonNode payload();

    /** The envelope this event arrived in: ids, shard, sequence, trace id, receive time. */
    community.arrakis.gatewayproxy.envelope.Envelope envelope();

    DiscordRestClient rest();

    StateStore state();
}
