package community.arrakis.gatewayproxy.discord.gateway.transport;

/**
 * Told, on a reading thread, when it starts a pass over its sockets (reading what each has and
 * handing the messages to their listeners) and when the pass is over. What the listeners do in
 * between happens on that thread, so an owner can gather their side effects (the ingestor gathers
 * the broker writes of a pass's dispatches, from every shard the thread serves, into one) and
 * finish them in {@link #readEnded}, without waiting for a timer. A pass may read nothing.
 */
public interface ReadBatchHook {

    /** Before the pass's first message reaches a listener. */
    void readStarted();

    /** After the pass's last message; always follows a {@link #readStarted} on the same thread. */
    void readEnded();

    static ReadBatchHook of(Runnable started, Runnable ended) {
        return new ReadBatchHook() {
            @Override
            public void readStarted() {
                started.run();
            }

            @Override
            public void readEnded() {
                ended.run();
            }
        };
    }
}
