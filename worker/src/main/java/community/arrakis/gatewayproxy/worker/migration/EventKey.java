package community.arrakis.gatewayproxy.worker.migration;

import community.arrakis.gatewayproxy.envelope.Envelope;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One name for one Discord event, whichever gateway session delivered it. An envelope's event id
 * names the session and sequence ({@code shard:session:seq}), so the standalone bot and the
 * ingestor, holding two sessions of one shard, give one join two ids; the migration needs one.
 * An interaction is its interaction id; any other event is its dispatch type and a hash of its
 * payload, which Discord sends alike to every session. Two events with byte-identical payloads
 * would share a key; a join carries {@code joined_at}, an update the member's new state, so the
 * events the stock handlers act on do not collide.
 */
public final class EventKey {

    private EventKey() {
    }

    public static String of(Envelope envelope) {
        if (envelope.interactionId() != null) {
            return "i:" + envelope.interactionId();
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(envelope.payload().getBytes(StandardCharsets.UTF_8));
            return "e:" + envelope.dispatchType() + ":" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
