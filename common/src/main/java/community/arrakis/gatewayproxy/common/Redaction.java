package community.arrakis.gatewayproxy.common;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hides the secrets this project handles wherever they could reach a log line, an error message,
 * a dead-letter header or a page: the password inside a broker or Redis URL, a bot token (bare or
 * after {@code Bot }) and the interaction token in the path of an interaction or webhook URL.
 * Everything else is left as it was, so the text still says what it said:
 *
 * <pre>
 * amqp://arrakis:hunter2@rabbit:5672/prod           → amqp://arrakis:***@rabbit:5672/prod
 * redis://:hunter2@cache:6379/0                     → redis://:***@cache:6379/0
 * redis://hunter2@cache:6379 (password only)        → redis://***@cache:6379
 * Authorization: Bot MTk4NjIy...XhMw.GV2b3k.aBc...  → Authorization: Bot ***
 * POST /webhooks/1234/aW50ZXJhY3Rpb246...           → POST /webhooks/1234/***
 * POST /interactions/5678/aW50ZXJh.../callback      → POST /interactions/5678/***&#47;callback
 * </pre>
 *
 * A bare bot token is recognised by its shape (three base64url parts joined by dots: user id,
 * timestamp, HMAC), and any run of 60 or more token characters is hidden whatever it is. A secret
 * of another shape that a process knows (its own token, its URLs' passwords) is masked by name
 * first where it matters: the status page's {@code SecretRedactor} does that, then applies these.
 */
public final class Redaction {

    /** What every secret is replaced with, unless the caller names another mask. */
    public static final String MASK = "***";

    /** A shape of secret, and how to rebuild the match around the mask ({@code $m}). */
    private record Rule(Pattern pattern, String replacement) {
    }

    private static final List<Rule> RULES = List.of(
            // userinfo of a URL: keep the user name, hide the password (the whole userinfo when it has no user name part)
            new Rule(Pattern.compile("(\\b[a-zA-Z][a-zA-Z0-9+.-]*://[^:/@\\s]*):[^@/\\s]*@"), "$1:$m@"),
            new Rule(Pattern.compile("(\\brediss?(?:-sentinel)?://)[^:/@\\s]+@"), "$1$m@"),
            // the token of an interaction or webhook route: /interactions/{id}/{token}, /webhooks/{application}/{token}
            new Rule(Pattern.compile("(/(?:interactions|webhooks)/\\d+/)[^/?#\\s\"']+"), "$1$m"),
            // an Authorization header's value
            new Rule(Pattern.compile("\\b(Bot|Bearer)\\s+[\\w.-]{20,}"), "$1 $m"),
            // a bare bot token: user id, timestamp, HMAC
            new Rule(Pattern.compile("\\b[\\w-]{20,}\\.[\\w-]{5,}\\.[\\w-]{20,}"), "$m"),
            // any run of 60 token characters: event ids, trace ids and snowflakes are far shorter, and a
            // harmless string hidden costs less than an interaction token shown
            new Rule(Pattern.compile("[\\w-]{60,}"), "$m"));

    private Redaction() {
    }

    /** {@code text} with every secret this class knows replaced by {@link #MASK}; null stays null. */
    public static String redact(String text) {
        return redact(text, MASK);
    }

    /** {@code text} with every secret this class knows replaced by {@code mask}; null stays null. */
    public static String redact(String text, String mask) {
        if (text == null) {
            return null;
        }
        String quotedMask = Matcher.quoteReplacement(mask);
        String result = text;
        for (Rule rule : RULES) {
            Matcher matcher = rule.pattern().matcher(result);
            if (matcher.find()) {
                result = matcher.replaceAll(rule.replacement().replace("$m", quotedMask));
            }
        }
        return result;
    }
}
