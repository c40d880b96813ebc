package community.arrakis.gatewayproxy.worker.migration;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Which guilds the proxy path serves while the standalone bot keeps the others: an allow-list of
 * guild ids, plus a share of all guilds chosen by a stable hash of the guild id. The hash puts each
 * guild in one of 10,000 buckets; a share of {@code p} % takes the buckets below {@code p × 100}, so
 * raising the share only adds guilds (1 % ⊂ 10 % ⊂ 100 %) and every process agrees without talking.
 * Events without a guild (direct messages) count as bucket 0's: they move with the first percent.
 *
 * <p>Stored as text in Redis (see {@link #format()}): {@code percent=10;guilds=1,2,3}.
 *
 * @param basisPoints the share in hundredths of a percent, 0..10,000
 * @param guilds      guild ids on the proxy path whatever the share
 */
public record CanaryPolicy(int basisPoints, Set<String> guilds) {

    public static final int BUCKETS = 10_000;
    /** No guild on the proxy path: the standalone bot serves everything. */
    public static final CanaryPolicy NONE = new CanaryPolicy(0, Set.of());
    /** Every guild on the proxy path. */
    public static final CanaryPolicy ALL = new CanaryPolicy(BUCKETS, Set.of());

    public CanaryPolicy {
        if (basisPoints < 0 || basisPoints > BUCKETS) {
            throw new IllegalArgumentException("a canary share is 0 to 100 %, was " + basisPoints / 100.0 + " %");
        }
        guilds = Set.copyOf(guilds);
    }

    /** @param percent 0 to 100, at most two decimals count */
    public static CanaryPolicy percent(double percent) {
        return new CanaryPolicy((int) Math.round(percent * 100), Set.of());
    }

    public CanaryPolicy withGuilds(Set<String> ids) {
        return new CanaryPolicy(basisPoints, ids);
    }

    public double percent() {
        return basisPoints / 100.0;
    }

    /** Whether the proxy path serves this guild (null: an event without a guild). */
    public boolean includes(String guildId) {
        if (guildId != null && guilds.contains(guildId)) {
            return true;
        }
        return bucket(guildId) < basisPoints;
    }

    /** The guild's bucket, 0..9,999: the first 8 bytes of SHA-256 of its id, modulo 10,000. */
    public static int bucket(String guildId) {
        if (guildId == null) {
            return 0;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(guildId.getBytes(StandardCharsets.US_ASCII));
            long value = 0;
            for (int i = 0; i < 8; i++) {
                value = (value << 8) | (digest[i] & 0xff);
            }
            return (int) Math.floorMod(value, (long) BUCKETS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The stored form: {@code percent=<p>;guilds=<id>,<id>}. */
    public String format() {
        return "percent=" + stripZeros(percent()) + ";guilds=" + String.join(",", new TreeSet<>(guilds));
    }

    /** Reads {@link #format()}'s form; null or blank is {@link #NONE}. */
    public static CanaryPolicy parse(String text) {
        if (text == null || text.isBlank()) {
            return NONE;
        }
        double percent = 0;
        Set<String> ids = Set.of();
        for (String part : text.split(";")) {
            String[] kv = part.split("=", 2);
            String value = kv.length == 2 ? kv[1].trim() : "";
            switch (kv[0].trim()) {
                case "percent" -> percent = value.isEmpty() ? 0 : Double.parseDouble(value);
                case "guilds" -> ids = Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                        .collect(Collectors.toSet());
                default -> throw new IllegalArgumentException("unknown canary setting '" + kv[0].trim()
                        + "' in '" + text + "' (known: percent, guilds)");
            }
        }
        return percent(percent).withGuilds(ids);
    }

    private static String stripZeros(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    @Override
    public String toString() {
        return stripZeros(percent()) + " % of guilds" + (guilds.isEmpty() ? "" : " + " + guilds.size() + " listed");
    }
}
