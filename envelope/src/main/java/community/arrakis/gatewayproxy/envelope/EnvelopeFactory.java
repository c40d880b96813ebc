package community.arrakis.gatewayproxy.envelope;

import community.arrakis.gatewayproxy.envelope.routing.Route;
import community.arrakis.gatewayproxy.envelope.routing.RoutingTable;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Turns one gateway dispatch into an envelope, or into nothing when the routing table does not
 * forward that dispatch type. Used by the ingestor and by standalone mode alike.
 */
public final class EnvelopeFactory {

    private final RoutingTable routing;

    public EnvelopeFactory(RoutingTable routing) {
        this.routing = routing;
    }

    /**
     * @param data              Discord's raw {@code d} object, as the gateway sent it
     * @param guildKnownAtReady whether READY listed the guild of a GUILD_CREATE
     * @throws InvalidEnvelopeException when {@code data} is not a JSON object
     */
    public Optional<Envelope> create(int shardId, String sessionId, long sequence, String dispatchType,
                                     byte[] data, long receivedAtMillis, boolean guildKnownAtReady) {
        if (!RoutingTable.ROUTED_DISPATCHES.contains(dispatchType)) {
            return Optional.empty();
        }
        DispatchFields fields = DispatchFields.read(data);
        Optional<Route> route = routing.route(dispatchType, fields, guildKnownAtReady);
        if (route.isEmpty()) {
            return Optional.empty();
        }
        boolean interaction = dispatchType.equals("INTERACTION_CREATE");
        String interactionId = interaction ? fields.apply("id") : null;
        if (interaction && interactionId == null) {
            throw new InvalidEnvelopeException("INTERACTION_CREATE without an id");
        }
        String guildId = dispatchType.startsWith("GUILD_") && !dispatchType.startsWith("GUILD_MEMBER")
                ? fields.apply("id") : fields.apply("guild_id");
        long timestamp = interaction ? Snowflakes.timestampMillis(interactionId) : receivedAtMillis;
        return Optional.of(new Envelope(
                Envelope.SCHEMA_VERSION,
                interaction ? interactionId : eventId(shardId, sessionId, sequence),
                route.get().routingKey(),
                dispatchType,
                timestamp,
                shardId,
                sessionId,
                sequence,
                receivedAtMillis,
                newTraceId(),
                guildId,
                fields.apply("channel_id"),
                fields.userId(),
                interactionId,
                interaction ? fields.apply("token") : null,
                interaction ? fields.apply("application_id") : null,
                route.get().priority(),
                extractedData(fields, interaction),
                new String(data, StandardCharsets.UTF_8)));
    }

    /** Deterministic: the same dispatch replayed by a RESUME gets the same id. */
    public static String eventId(int shardId, String sessionId, long sequence) {
        return shardId + ":" + sessionId + ":" + sequence;
    }

    private static Map<String, String> extractedData(DispatchFields fields, boolean interaction) {
        Map<String, String> data = new HashMap<>(4);
        if (!interaction) {
            return data;
        }
        putIfPresent(data, "interactionType", fields.apply("type"));
        putIfPresent(data, "commandName", fields.apply("data.name"));
        putIfPresent(data, "customId", fields.apply("data.custom_id"));
        putIfPresent(data, "componentType", fields.apply("data.component_type"));
        return data;
    }

    private static void putIfPresent(Map<String, String> data, String key, String value) {
        if (value != null) {
            data.put(key, value);
        }
    }

    private static String newTraceId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return HexFormat.of().toHexDigits(random.nextLong()) + HexFormat.of().toHexDigits(random.nextLong());
    }
}
