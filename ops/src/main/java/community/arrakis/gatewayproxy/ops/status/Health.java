package community.arrakis.gatewayproxy.ops.status;

/**
 * How well one part of a process is doing, and the verdict over all of them (the worst part's).
 * The process that fills a snapshot decides each part's health, since only it knows what a state
 * means: a shard that is reconnecting is {@link #DEGRADED}, one that Discord refused for good is
 * {@link #DOWN}.
 */
public enum Health {
    /** Works as it should. */
    HEALTHY,
    /** Works, but less well or at a risk, and someone should look: a shard reconnecting, a backlog, Redis away. */
    DEGRADED,
    /** Does not do its job until someone or something fixes it: no broker, a shard stopped for good. */
    DOWN;

    public Health worse(Health other) {
        return other.ordinal() > ordinal() ? other : this;
    }

    /** Lower case, as the page and the JSON show it. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
