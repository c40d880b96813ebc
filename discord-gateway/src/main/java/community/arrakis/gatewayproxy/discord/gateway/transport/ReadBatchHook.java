package community.arrakis.gatewayproxy.discord.gateway.transport;

/**
 * Told, on the reading thread, when the transport starts handing the messages of one socket read to
 * its listeners and when it has handed the last of them. What the listeners do in between happens
 * on that thread, so an owner can gather their side effects (the ingestor gathers the broker writes
 * of a read's dispatches into one) and finish them in {@link #readEnded}, without waiting for a
 * timer.
 */
public interface ReadBatchHook {

    ReadBatchHook NONE = new ReadBatchHook() {
        @Override
        public void readStarted() {
        }

        @Override
        public void readEnded() {
        }
    };

    /** Before the first message of a socket read reaches a listener. */
    void readStarted();

    /** After the last message of that read; always follows a {@link #readStarted} on the same thread. */
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
