package community.arrakis.gatewayproxy.envelope.topology;

import community.arrakis.gatewayproxy.envelope.Envelope;
import community.arrakis.gatewayproxy.envelope.routing.RoutingKeys;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Which guild partition an event belongs to, and the routing key that takes it there.
 *
 * <p>The partition is {@code CRC-32(UTF-8 bytes of the key) mod count}, where the key is the guild
 * id, or for an event without a guild (a DM's {@code message.create}) its channel id, or else
 * nothing (partition 0). CRC-32 is the one of zlib, Java's {@link CRC32} and Python's
 * {@code zlib.crc32}: stable across processes, versions and languages, so every ingestor sends a
 * guild to the same partition, and a tool can compute it too.
 *
 * <p>The routing key is the event type behind the partition's word, {@code p07.member.join}: the
 * partition queue is bound {@code p07.#}. The word is in front so that no binding of the
 * pre-partition guild queue ({@code member.#}, {@code guild.#}, {@code message.#}) matches it: an
 * old queue left on the broker receives nothing new while it drains. The envelope's own
 * {@code eventType} stays {@code member.join}; handlers never see the partition.
 */
public final class GuildPartitions {

    /** Enough for about 8 busy workers per partition count's worth of headroom on small brokers. */
    public static final int DEFAULT = 8;
    /** Two-digit words; 64 queues with a single active consumer each is already many for one broker. */
    public static final int MAX = 64;

    private GuildPartitions() {
    }

    static void requireValidCount(int count) {
        if (count < 1 || count > MAX) {
            throw new IllegalArgumentException("guild partitions must be 1.." + MAX + ", was " + count);
        }
    }

    /** {@code p07}: the partition's routing word and queue-name suffix. */
    public static String word(int partition) {
        if (partition < 0 || partition > 99) {
            throw new IllegalArgumentException("partition must be 0..99, was " + partition);
        }
        return partition < 10 ? "p0" + partition : "p" + partition;
    }

    /** The binding of a partition queue: {@code p07.#}. */
    public static String binding(int partition) {
        return word(partition) + ".#";
    }

    /** The partition of a guild (or DM channel) id; null or empty goes to partition 0. */
    public static int partitionOf(String key, int count) {
        requireValidCount(count);
        if (key == null || key.isEmpty()) {
            return 0;
        }
        CRC32 crc = new CRC32();
        crc.update(key.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % count);
    }

    /** The partition of an envelope: by guild, else by channel (DMs), else 0. */
    public static int partitionOf(Envelope envelope, int count) {
        String key = envelope.guildId() != null ? envelope.guildId() : envelope.channelId();
        return partitionOf(key, count);
    }

    /** Whether an event type travels through the guild partitions (member, guild and message events). */
    public static boolean partitioned(String eventType) {
        return RoutingKeys.GUILD_EVENTS.contains(eventType);
    }

    /**
     * The routing key to publish an envelope with: {@code p07.member.join} for a guild event,
     * its event type for anything else (interactions).
     */
    public static String routingKey(Envelope envelope, int count) {
        String type = envelope.eventType();
        return partitioned(type) ? word(partitionOf(envelope, count)) + "." + type : type;
    }
}
