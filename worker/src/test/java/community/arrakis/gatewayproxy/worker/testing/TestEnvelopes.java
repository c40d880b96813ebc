package community.arrakis.gatewayproxy.worker.testing;

import community.arrakis.gatewayproxy.envelope.Envelope;
import community.arrakis.gatewayproxy.envelope.EnvelopeFactory;
import community.arrakis.gatewayproxy.envelope.Snowflakes;
import community.arrakis.gatewayproxy.envelope.routing.RoutingTable;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Envelopes built the way the ingestor builds them: Discord's JSON through the real
 * {@link EnvelopeFactory}. Interaction ids are snowflakes of a chosen creation time, which is what
 * the worker's clocks read.
 */
public final class TestEnvelopes {

    private static final EnvelopeFactory FACTORY = new EnvelopeFactory(new RoutingTable(true));
    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static final AtomicLong INCREMENT = new AtomicLong();

    public static final String APP_ID = "900000000000000001";
    public static final String GUILD_ID = "800000000000000001";
    public static final String CHANNEL_ID = "700000000000000001";
    public static final String USER_ID = "600000000000000001";

    private TestEnvelopes() {
    }

    /** A snowflake created at {@code epochMillis}, unique within the test run. */
    public static String snowflakeAt(long epochMillis) {
        return Long.toString(Snowflakes.fromTimestamp(epochMillis) | (INCREMENT.incrementAndGet() & 0xFFF));
    }

    public static Envelope command(String name, long createdAtMillis) {
        return command(name, "[]", createdAtMillis);
    }

    public static Envelope command(String name, String optionsJson, long createdAtMillis) {
        return interaction(2, "{\"id\":\"1\",\"name\":\"" + name + "\",\"type\":1,\"options\":" + optionsJson + "}", createdAtMillis);
    }

    public static Envelope button(String customId, long createdAtMillis) {
        return interaction(3, "{\"custom_id\":\"" + customId + "\",\"component_type\":2}", createdAtMillis);
    }

    public static Envelope select(String customId, String valuesJson, long createdAtMillis) {
        return interaction(3, "{\"custom_id\":\"" + customId + "\",\"component_type\":3,\"values\":" + valuesJson + "}", createdAtMillis);
    }

    public static Envelope autocomplete(String command, String optionsJson, long createdAtMillis) {
        return interaction(4, "{\"id\":\"1\",\"name\":\"" + command + "\",\"type\":1,\"options\":" + optionsJson + "}", createdAtMillis);
    }

    public static Envelope modalSubmit(String customId, String componentsJson, long createdAtMillis) {
        return interaction(5, "{\"custom_id\":\"" + customId + "\",\"components\":" + componentsJson + "}", createdAtMillis);
    }

    public static Envelope interaction(int type, String dataJson, long createdAtMillis) {
        String id = snowflakeAt(createdAtMillis);
        String d = "{\"id\":\"" + id + "\",\"application_id\":\"" + APP_ID + "\",\"type\":" + type
                + ",\"token\":\"tok-" + id + "\",\"version\":1,\"guild_id\":\"" + GUILD_ID
                + "\",\"channel_id\":\"" + CHANNEL_ID + "\",\"member\":{\"user\":{\"id\":\"" + USER_ID
                + "\",\"username\":\"dune\"},\"permissions\":\"0\"},\"data\":" + dataJson + "}";
        return create("INTERACTION_CREATE", d);
    }

    /** A slash command with the ids of an interaction a simulator registered. */
    public static Envelope commandFor(String id, String token, String appId, String guildId, String channelId,
                                      String userId, String name) {
        String d = "{\"id\":\"" + id + "\",\"application_id\":\"" + appId + "\",\"type\":2,\"token\":\"" + token
                + "\",\"version\":1,\"guild_id\":\"" + guildId + "\",\"channel_id\":\"" + channelId
                + "\",\"member\":{\"user\":{\"id\":\"" + userId + "\"},\"permissions\":\"0\"},\"data\":{\"id\":\"1\",\"name\":\""
                + name + "\",\"type\":1}}";
        return create("INTERACTION_CREATE", d);
    }

    public static Envelope memberJoin(String guildId, String userId) {
        return create("GUILD_MEMBER_ADD", "{\"guild_id\":\"" + guildId + "\",\"user\":{\"id\":\"" + userId
                + "\",\"username\":\"u\"},\"roles\":[],\"joined_at\":\"2026-01-01T00:00:00Z\"}");
    }

    public static Envelope memberUpdate(String guildId, String userId) {
        return create("GUILD_MEMBER_UPDATE", "{\"guild_id\":\"" + guildId + "\",\"user\":{\"id\":\"" + userId
                + "\",\"username\":\"u\"},\"roles\":[]}");
    }

    public static Envelope memberLeave(String guildId, String userId) {
        return create("GUILD_MEMBER_REMOVE", "{\"guild_id\":\"" + guildId + "\",\"user\":{\"id\":\"" + userId + "\"}}");
    }

    public static Envelope create(String dispatchType, String d) {
        return FACTORY.create(0, "test-session", SEQUENCE.incrementAndGet(), dispatchType,
                d.getBytes(StandardCharsets.UTF_8), System.currentTimeMillis(), false).orElseThrow();
    }
}
