package community.arrakis.gatewayproxy.envelope;

/** Discord snowflake ids carry their creation time: the top 42 bits are ms since 2015-01-01. */
public final class Snowflakes {
    public static final long DISCORD_EPOCH_MS = 1_420_070_400_000L;

    private Snowflakes() {
    }

    public static long timestampMillis(long snowflake) {
        return (snowflake >>> 22) + DISCORD_EPOCH_MS;
    }

    public static long timestampMillis(String snowflake) {
        try {
            return timestampMillis(Long.parseUnsignedLong(snowflake));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a snowflake: '" + snowflake + "'", e);
        }
    }

    /** The smallest snowflake created at {@code epochMillis}. */
    public static long fromTimestamp(long epochMillis) {
        return (epochMillis - DISCORD_EPOCH_MS) << 22;
    }
}
