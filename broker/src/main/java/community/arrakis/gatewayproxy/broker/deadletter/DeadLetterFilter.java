package community.arrakis.gatewayproxy.broker.deadletter;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which dead letters a command works on. Every criterion given must hold; none given selects all.
 *
 * <pre>
 * reason      the reason contains the text, or the text as a regular expression finds a match
 *             (both ignoring case): "spice" and "Redis.*timed out" both work
 * event type  a routing-key pattern: "member.join", "member.*" (one word), "interaction.#" (any)
 * guild       the guild id, exactly
 * older than  dead-lettered at least this long ago
 * newer than  dead-lettered less than this long ago
 * event id    exactly
 * position    exactly (1 = the head of the queue)
 * </pre>
 *
 * A dead letter whose time is unknown (see {@link DeadLetter#since()}) matches no age criterion, so
 * that "purge what is older than a day" cannot take a message it cannot date.
 */
public final class DeadLetterFilter {

    private static final Pattern SNOWFLAKE = Pattern.compile("\\d{1,20}");
    private static final Pattern TOPIC = Pattern.compile("[^\\s]+");

    private final String reason;
    private final Pattern reasonPattern;
    private final String eventType;
    private final String guildId;
    private final Duration olderThan;
    private final Duration newerThan;
    private final String eventId;
    private final Integer position;

    private DeadLetterFilter(String reason, String eventType, String guildId, Duration olderThan, Duration newerThan,
                             String eventId, Integer position) {
        if (olderThan != null && newerThan != null && olderThan.compareTo(newerThan) >= 0) {
            throw new IllegalArgumentException("older than " + olderThan + " and newer than " + newerThan
                    + " select nothing: the first must be the shorter");
        }
        this.reason = reason;
        this.reasonPattern = reason == null ? null : regexOrNull(reason);
        this.eventType = eventType;
        this.guildId = guildId;
        this.olderThan = olderThan;
        this.newerThan = newerThan;
        this.eventId = eventId;
        this.position = position;
    }

    /** Selects every dead letter. */
    public static DeadLetterFilter all() {
        return new DeadLetterFilter(null, null, null, null, null, null, null);
    }

    /** @param text a substring or a regular expression, ignoring case; null for any */
    public DeadLetterFilter reason(String text) {
        if (text != null && text.isBlank()) {
            throw new IllegalArgumentException("a reason to match must not be empty");
        }
        return new DeadLetterFilter(text, eventType, guildId, olderThan, newerThan, eventId, position);
    }

    /** @param pattern an event type, or a routing-key pattern with {@code *} and {@code #}; null for any */
    public DeadLetterFilter eventType(String pattern) {
        if (pattern != null && !TOPIC.matcher(pattern).matches()) {
            throw new IllegalArgumentException("an event type is one word or several joined by dots, like member.join"
                    + " or interaction.#, not '" + pattern + "'");
        }
        return new DeadLetterFilter(reason, pattern, guildId, olderThan, newerThan, eventId, position);
    }

    /** @param id a guild id (digits); null for any */
    public DeadLetterFilter guild(String id) {
        if (id != null && !SNOWFLAKE.matcher(id).matches()) {
            throw new IllegalArgumentException("a guild id is a number of up to 20 digits, not '" + id + "'");
        }
        return new DeadLetterFilter(reason, eventType, id, olderThan, newerThan, eventId, position);
    }

    public DeadLetterFilter olderThan(Duration age) {
        return new DeadLetterFilter(reason, eventType, guildId, positive(age, "older than"), newerThan, eventId, position);
    }

    public DeadLetterFilter newerThan(Duration age) {
        return new DeadLetterFilter(reason, eventType, guildId, olderThan, positive(age, "newer than"), eventId, position);
    }

    public DeadLetterFilter eventId(String id) {
        if (id != null && id.isBlank()) {
            throw new IllegalArgumentException("an event id must not be empty");
        }
        return new DeadLetterFilter(reason, eventType, guildId, olderThan, newerThan, id, position);
    }

    /** @param at 1 for the head of the queue */
    public DeadLetterFilter position(int at) {
        if (at < 1) {
            throw new IllegalArgumentException("positions start at 1, not " + at);
        }
        return new DeadLetterFilter(reason, eventType, guildId, olderThan, newerThan, eventId, at);
    }

    /** @param now what ages count to */
    public boolean matches(DeadLetter letter, Instant now) {
        if (position != null && letter.position() != position) {
            return false;
        }
        if (eventId != null && !letter.eventId().map(eventId::equals).orElse(false)) {
            return false;
        }
        if (guildId != null && !letter.guildId().map(guildId::equals).orElse(false)) {
            return false;
        }
        if (eventType != null && !letter.eventType().map(type -> topicMatches(eventType, type)).orElse(false)) {
            return false;
        }
        if (reason != null && !reasonMatches(letter.reason())) {
            return false;
        }
        if (olderThan != null || newerThan != null) {
            Optional<Instant> since = letter.since();
            if (since.isEmpty()) {
                return false;
            }
            Duration age = Duration.between(since.get(), now);
            if (olderThan != null && age.compareTo(olderThan) < 0) {
                return false;
            }
            if (newerThan != null && age.compareTo(newerThan) >= 0) {
                return false;
            }
        }
        return true;
    }

    /** True when it selects every dead letter. */
    public boolean selectsAll() {
        return reason == null && eventType == null && guildId == null && olderThan == null && newerThan == null
                && eventId == null && position == null;
    }

    /** The criteria in words, for a command's output: {@code reason ~ "spice", guild 42}. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (position != null) {
            parts.add("position " + position);
        }
        if (eventId != null) {
            parts.add("event id " + eventId);
        }
        if (reason != null) {
            parts.add("reason ~ \"" + reason + "\"");
        }
        if (eventType != null) {
            parts.add("event type " + eventType);
        }
        if (guildId != null) {
            parts.add("guild " + guildId);
        }
        if (olderThan != null) {
            parts.add("older than " + olderThan);
        }
        if (newerThan != null) {
            parts.add("newer than " + newerThan);
        }
        return parts.isEmpty() ? "all" : String.join(", ", parts);
    }

    private boolean reasonMatches(String text) {
        if (text.toLowerCase(Locale.ROOT).contains(reason.toLowerCase(Locale.ROOT))) {
            return true;
        }
        return reasonPattern != null && reasonPattern.matcher(text).find();
    }

    /** Not a valid regular expression ("IllegalStateException: the spice (must"): a plain substring then. */
    private static Pattern regexOrNull(String text) {
        try {
            return Pattern.compile(text, Pattern.CASE_INSENSITIVE);
        } catch (PatternSyntaxException e) {
            return null;
        }
    }

    private static Duration positive(Duration age, String what) {
        if (age != null && (age.isNegative() || age.isZero())) {
            throw new IllegalArgumentException(what + " must be a positive duration, was " + age);
        }
        return age;
    }

    /** RabbitMQ's topic matching: {@code *} is exactly one word, {@code #} zero or more. */
    static boolean topicMatches(String pattern, String routingKey) {
        return topicMatches(pattern.split("\\.", -1), 0, routingKey.split("\\.", -1), 0);
    }

    private static boolean topicMatches(String[] pattern, int p, String[] words, int w) {
        if (p == pattern.length) {
            return w == words.length;
        }
        if (pattern[p].equals("#")) {
            for (int skip = w; skip <= words.length; skip++) {
                if (topicMatches(pattern, p + 1, words, skip)) {
                    return true;
                }
            }
            return false;
        }
        if (w == words.length) {
            return false;
        }
        return (pattern[p].equals("*") || pattern[p].equals(words[w])) && topicMatches(pattern, p + 1, words, w + 1);
    }
}
