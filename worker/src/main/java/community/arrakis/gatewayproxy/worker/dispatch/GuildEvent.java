package community.arrakis.gatewayproxy.worker.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import community.arrakis.gatewayproxy.discord.rest.DiscordRestClient;
import community.arrakis.gatewayproxy.envelope.Envelope;
import community.arrakis.gatewayproxy.envelope.EnvelopeCodec;
import community.arrakis.gatewayproxy.worker.handler.GuildEventContext;
import community.arrakis.gatewayproxy.worker.state.StateStore;

/** The {@link GuildEventContext} of one guild event. */
final class GuildEvent implements GuildEventContext {

    private final Envelope envelope;
    private final DiscordRestClient rest;
    private final StateStore state;
    private JsonNode payload;

    GuildEvent(Envelope envelope, DiscordRestClient rest, StateStore state) {
        this.envelope = envelope;
        this.rest = rest;
        this.state = state;
    }

    @Override
    public String eventId() {
        return envelope.eventId();
    }

    @Override
    public String eventType() {
        return envelope.eventType();
    }

    @Override
    public String guildId() {
        return envelope.guildId();
    }

    @Override
    public String userId() {
        return envelope.userId();
    }

    @Override
    public String channelId() {
        return envelope.channelId();
    }

    @Override
    public JsonNode payload() {
        if (payload == null) {
            payload = EnvelopeCodec.payloadTree(envelope);
        }
        return payload;
    }

    @Override
    public DiscordRestClient rest() {
        return rest;
    }

    @Override
    public StateStore state() {
        return state;
    }

    @Override
    public Envelope envelope() {
        return envelope;
    }
}
