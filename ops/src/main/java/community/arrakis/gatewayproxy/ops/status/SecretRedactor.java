package community.arrakis.gatewayproxy.ops.status;

import community.arrakis.gatewayproxy.common.Redaction;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Takes secrets out of text meant for the status page and its log lines: the secrets the process
 * was configured with (the bot token, the passwords inside the broker and Redis URLs), and what
 * looks like one even when it was never configured here (an interaction token in a webhook path,
 * the password part of any URL, an {@code Authorization: Bot …} value, a string shaped like a bot
 * token, a run of 60 token characters). Each is replaced by {@value #MASK}.
 *
 * <p>Known secrets are replaced first and longest first, so a secret that contains another is not
 * half revealed; the shapes are those every module hides ({@link Redaction}).
 */
public final class SecretRedactor implements UnaryOperator<String> {

    public static final String MASK = "[redacted]";

    private final List<String> secrets;

    private SecretRedactor(List<String> secrets) {
        this.secrets = secrets;
    }

    /** Masks {@code secrets} (null and blank ones ignored) and the shapes of the class comment. */
    public static SecretRedactor of(Collection<String> secrets) {
        List<String> known = new ArrayList<>();
        for (String secret : secrets) {
            if (secret != null && !secret.isBlank() && !known.contains(secret)) {
                known.add(secret);
            }
        }
        known.sort(Comparator.comparingInt(String::length).reversed());
        return new SecretRedactor(List.copyOf(known));
    }

    /** This redactor plus the passwords inside {@code urls} (e.g. {@code amqp://user:password@host}). */
    public SecretRedactor withPasswordsOf(String... urls) {
        List<String> more = new ArrayList<>(secrets);
        for (String url : urls) {
            // a cluster's comma-separated URLs, a Sentinel URL's several hosts: each part alone is
            // a URL (the hosts after the first have no password, and are skipped)
            for (String part : url == null ? new String[0] : url.split(",")) {
                String password = passwordOf(part.trim());
                if (password != null && !more.contains(password)) {
                    more.add(password);
                }
            }
        }
        return of(more);
    }

    static String passwordOf(String url) {
        if (url == null) {
            return null;
        }
        try {
            String userInfo = URI.create(url).getRawUserInfo();
            if (userInfo == null) {
                return null;
            }
            int colon = userInfo.indexOf(':');
            String password = colon < 0 ? userInfo : userInfo.substring(colon + 1); // redis://:password@host
            return password.isEmpty() ? null : java.net.URLDecoder.decode(password, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null; // not a URL we can read; the URL password shape still masks it where it appears
        }
    }

    @Override
    public String apply(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        for (String secret : secrets) {
            out = out.replace(secret, MASK);
        }
        return Redaction.redact(out, MASK);
    }
}
