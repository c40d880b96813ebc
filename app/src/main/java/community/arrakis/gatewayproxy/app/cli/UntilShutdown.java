package community.arrakis.gatewayproxy.app.cli;

import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a long-running mode alive until SIGTERM or Ctrl-C, then closes its parts in order before
 * the JVM exits. The close runs inside the shutdown hook: returning from the hook early would let
 * the JVM exit halfway through a graceful stop.
 */
final class UntilShutdown {

    private static final Logger log = LoggerFactory.getLogger(UntilShutdown.class);
    private final CountDownLatch closed = new CountDownLatch(1);

    UntilShutdown(String name, AutoCloseable... parts) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("{} stopping", name);
            for (AutoCloseable part : parts) {
                try {
                    part.close();
                } catch (Exception e) {
                    log.warn("{} did not stop cleanly: {}", name, e.toString());
                }
            }
            log.info("{} stopped", name);
            closed.countDown();
        }, name + "-shutdown"));
    }

    void await() throws InterruptedException {
        closed.await();
    }
}
