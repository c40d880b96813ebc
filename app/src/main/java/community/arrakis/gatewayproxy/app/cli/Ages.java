package community.arrakis.gatewayproxy.app.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Ages as people type and read them: {@code 90s}, {@code 15m}, {@code 2h}, {@code 3d}, {@code 1h30m},
 * or ISO-8601 ({@code PT1H30M}) like the other duration options.
 */
final class Ages implements CommandLine.ITypeConverter<Duration> {

    private static final Pattern PART = Pattern.compile("(\\d+)([smhd])");
    private static final Pattern SHORT = Pattern.compile("(\\d+[smhd])+");

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    static Duration parse(String value) {
        String text = value.strip().toLowerCase(Locale.ROOT);
        if (text.startsWith("p")) {
            try {
                return Duration.parse(text.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw notAnAge(value);
            }
        }
        if (!SHORT.matcher(text).matches()) {
            throw notAnAge(value);
        }
        Duration total = Duration.ZERO;
        Matcher part = PART.matcher(text);
        while (part.find()) {
            long amount = Long.parseLong(part.group(1));
            total = total.plus(switch (part.group(2)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            });
        }
        return total;
    }

    /** {@code 45s}, {@code 12m03s}, {@code 2h05m}, {@code 3d04h}: two units are enough to tell ages apart. */
    static String format(Duration age) {
        long seconds = Math.max(0, age.toSeconds());
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return "%dm%02ds".formatted(seconds / 60, seconds % 60);
        }
        if (seconds < 86_400) {
            return "%dh%02dm".formatted(seconds / 3600, seconds % 3600 / 60);
        }
        return "%dd%02dh".formatted(seconds / 86_400, seconds % 86_400 / 3600);
    }

    private static CommandLine.TypeConversionException notAnAge(String value) {
        return new CommandLine.TypeConversionException("'" + value
                + "' is not an age: use 90s, 15m, 2h, 3d, 1h30m or ISO-8601 like PT1H30M");
    }
}
