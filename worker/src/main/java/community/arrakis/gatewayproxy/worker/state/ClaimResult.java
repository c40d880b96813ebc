package community.arrakis.gatewayproxy.worker.state;

/** What {@link EventLedger#claim} found. */
public enum ClaimResult {
    /** Nobody had it: run it. */
    CLAIMED,
    /** Its previous owner stopped heartbeating (crashed) before finishing it: run it. */
    TAKEN_OVER,
    /** It already took effect: acknowledge without running. */
    ALREADY_DONE,
    /** A live worker is running it right now: wait and ask again. */
    IN_PROGRESS;

    public boolean mayRun() {
        return this == CLAIMED || this == TAKEN_OVER;
    }
}
