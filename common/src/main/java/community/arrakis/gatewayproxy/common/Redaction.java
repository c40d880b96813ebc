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
 * timestamp, HMAC); a secret of any other shape must not be given to a log line in the first place.
 */
public final class Redaction {

    /** What every secret is replaced with. */
    public static final String MASK = "***";

    private record Rule(Pattern pattern, String replacement) {
    }

    private static final List<Rule> RULES = List.of(
            // userinfo of a URL: keep the user name, hide the password (the whole userinfo when it has no user name part)
            new Rule(Pattern.compile("(\\b[a-zA-Z][a-zA-Z0-9+.-]*://[^:/@\\s]*):[^@/\\s]*@"), "$1:" + MASK + "@"),
            new Rule(Pattern.compile("(\\brediss?://)[^:/@\\s]+@"), "$1" + MASK + "@"),
            // the token of an interaction or webhook route: /interactions/{id}/{token}, /webhooks/{application}/{token}
            new Rule(Pattern.compile("(/(?:interactions|webhooks)/\\d+/)[^/?#\\s\"']+"), "$1" + MASK),
            // an Authorization header's value
            new Rule(Pattern.compile("\\b(Bot|Bearer)\\s+[\\w.-]{20,}"), "$1 " + MASK),
            // a bare bot token
            new Rule(Pattern.compile("\\b[\\w-]{23,}\\.[\\w-]{6,7}\\.[\\w-]{27,}"), MASK));

    private Redaction() {
    }

    /** {@code text} with every secret this class knows replaced by {@link #MASK}; null stays null. */
    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        String result = text;
        for (Rule rule : RULES) {
            Matcher matcher = rule.pattern().matcher(result);
            if (matcher.find()) {
                result = matcher.replaceAll(rule.replacement());
            }
        }
        return result;
    }
}
