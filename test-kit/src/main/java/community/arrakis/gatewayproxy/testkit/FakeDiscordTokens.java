package community.arrakis.gatewayproxy.testkit;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Bot tokens of Discord's shape (user id, timestamp and HMAC in base64url, joined by dots), made up
 * at run time: the redaction tests need the shape, and no token-shaped literal belongs in the
 * sources, where a secret scanner cannot tell it from a leaked one.
 */
public final class FakeDiscordTokens {

    private static final char[] BASE64URL =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray();

    private FakeDiscordTokens() {
    }

    /** A new bot token of Discord's shape, different at every call. */
    public static String botToken() {
        long userId = 1_000_000_000_000_000_000L + ThreadLocalRandom.current().nextLong(100_000_000_000_000_000L);
        String id = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(Long.toString(userId).getBytes(StandardCharsets.US_ASCII));
        return id + "." + randomChars(6) + "." + randomChars(38);
    }

    private static String randomChars(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(BASE64URL[ThreadLocalRandom.current().nextInt(BASE64URL.length)]);
        }
        return text.toString();
    }
}
