package community.arrakis.gatewayproxy.ingestor;

import java.util.stream.IntStream;

/**
 * The shards one ingestor owns, {@code first..last} inclusive, out of the bot's total. Written
 * {@code 0-15} on the command line; a single shard is {@code 3}.
 */
public record ShardRange(int first, int last) {

    public ShardRange {
        if (first < 0 || last < first) {
            throw new IllegalArgumentException("--shards must be 'first-last' with 0 <= first <= last, was "
                    + first + "-" + last);
        }
    }

    /** @throws IllegalArgumentException naming the option and the accepted form */
    public static ShardRange parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("--shards must be 'first-last' (e.g. 0-15) or one shard id, was empty");
        }
        String[] parts = text.trim().split("-", -1);
        try {
            if (parts.length == 1) {
                int only = Integer.parseInt(parts[0].trim());
                return new ShardRange(only, only);
            }
            if (parts.length == 2) {
                return new ShardRange(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("--shards must be 'first-last' (e.g. 0-15) or one shard id, was '" + text + "'");
    }

    public int size() {
        return last - first + 1;
    }

    public IntStream ids() {
        return IntStream.rangeClosed(first, last);
    }

    @Override
    public String toString() {
        return first + "-" + last;
    }
}
