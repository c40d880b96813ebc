package community.arrakis.gatewayproxy.ops.status;

/**
 * Fills a {@link StatusSnapshot} from a running process's own state; called on every
 * {@code GET /} and {@code GET /status.json}. It may wait briefly for a figure it must ask for
 * (the queue depths, from the broker), never long: a page that hangs while a dependency does is
 * useless exactly when it is needed.
 */
@FunctionalInterface
public interface StatusSource {

    StatusSnapshot snapshot();
}
