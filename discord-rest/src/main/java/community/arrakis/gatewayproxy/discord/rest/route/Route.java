package community.arrakis.gatewayproxy.discord.rest.route;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A REST endpoint as a template, e.g. {@code PUT /guilds/{guild_id}/members/{user_id}/roles/{role_id}}.
 * The template, never the filled-in path, is what logs and exceptions show, so interaction and
 * webhook tokens stay out of them.
 *
 * <p>{@link #compile} fills the placeholders and derives the <em>top-level resource</em> Discord
 * scopes rate limits by (Discord's "Rate Limits" docs): the channel id, the guild id, or the webhook id plus
 * its token. Two requests to the same template share a bucket only if that resource matches:
 * {@code POST /channels/1/messages} and {@code POST /channels/2/messages} are limited separately.
 *
 * @param method       HTTP method
 * @param template     path template below the API base, placeholders in braces
 * @param needsBotToken whether the route is sent with {@code Authorization: Bot <token>}; token
 *                     routes (interaction callbacks, webhooks) are sent without it
 */
public record Route(String method, String template, boolean needsBotToken) {

    public static final Route GET_GATEWAY_BOT = new Route("GET", "/gateway/bot", true);
    public static final Route CREATE_INTERACTION_RESPONSE = new Route("POST", "/interactions/{id}/{token}/callback", false);
    public static final Route CREATE_FOLLOWUP_MESSAGE = new Route("POST", "/webhooks/{application_id}/{token}", false);
    public static final Route EDIT_ORIGINAL_RESPONSE =
            new Route("PATCH", "/webhooks/{application_id}/{token}/messages/@original", false);
    public static final Route DELETE_ORIGINAL_RESPONSE =
            new Route("DELETE", "/webhooks/{application_id}/{token}/messages/@original", false);
    public static final Route ADD_GUILD_MEMBER_ROLE =
            new Route("PUT", "/guilds/{guild_id}/members/{user_id}/roles/{role_id}", true);
    public static final Route REMOVE_GUILD_MEMBER_ROLE =
            new Route("DELETE", "/guilds/{guild_id}/members/{user_id}/roles/{role_id}", true);
    public static final Route CREATE_DM = new Route("POST", "/users/@me/channels", true);
    public static final Route CREATE_MESSAGE = new Route("POST", "/channels/{channel_id}/messages", true);

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_]+)}");

    public Route {
        Objects.requireNonNull(method, "method");
        if (!template.startsWith("/")) {
            throw new IllegalArgumentException("a route template starts with '/': " + template);
        }
    }

    /** {@code "POST /channels/{channel_id}/messages"}: the route's name in logs and bucket maps. */
    public String key() {
        return method + " " + template;
    }

    /**
     * Interaction and webhook routes are exempt from the global 50/s limit (Discord's "Rate Limits" docs,
     * "Global Rate Limit").
     */
    public boolean globalLimitExempt() {
        return template.startsWith("/interactions/") || template.startsWith("/webhooks/");
    }

    /** Fills the placeholders in order; each value is URL-encoded as a path segment. */
    public CompiledRoute compile(String... values) {
        Matcher m = PLACEHOLDER.matcher(template);
        List<String> names = new ArrayList<>();
        StringBuilder path = new StringBuilder();
        int i = 0;
        while (m.find()) {
            if (i >= values.length) {
                throw new IllegalArgumentException(key() + " needs " + countPlaceholders() + " values, got " + values.length);
            }
            String value = values[i++];
            if (value == null || value.isEmpty()) {
                throw new IllegalArgumentException(key() + ": {" + m.group(1) + "} must not be empty");
            }
            names.add(m.group(1));
            m.appendReplacement(path, Matcher.quoteReplacement(encode(value)));
        }
        m.appendTail(path);
        if (i != values.length) {
            throw new IllegalArgumentException(key() + " needs " + i + " values, got " + values.length);
        }
        return new CompiledRoute(this, path.toString(), topLevelResource(names, values));
    }

    private int countPlaceholders() {
        return (int) PLACEHOLDER.matcher(template).results().count();
    }

    /**
     * The part of the bucket key that separates resources: {@code channel:<id>}, {@code guild:<id>},
     * {@code webhook:<id>:<token hash>}, {@code interaction:<id>}, or empty. Tokens are hashed so a
     * shared rate-limit store never holds them.
     */
    private String topLevelResource(List<String> names, String[] values) {
        if (template.startsWith("/channels/{channel_id}")) {
            return "channel:" + values[0];
        }
        if (template.startsWith("/guilds/{guild_id}")) {
            return "guild:" + values[0];
        }
        if (template.startsWith("/webhooks/{application_id}/{token}")) {
            return "webhook:" + values[0] + ":" + hash(values[1]);
        }
        if (template.startsWith("/webhooks/{application_id}")) {
            return "webhook:" + values[0];
        }
        if (template.startsWith("/interactions/{id}")) {
            return "interaction:" + values[0];
        }
        return "";
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String hash(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    @Override
    public String toString() {
        return key();
    }
}
