package community.arrakis.gatewayproxy.ingestor;

import community.arrakis.gatewayproxy.discord.rest.GatewayBot;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks Discord for the identify budget again once the reset time it gave has passed, so the count
 * this process keeps starts over from Discord's own figure instead of a guess (other processes of
 * the bot spend from the same budget). Runs on the ingestor's scheduler; does nothing until the
 * reset is due, so {@code GET /gateway/bot} is called about once a day. Catches everything: a
 * failed call is logged once and tried again on the next tick, meanwhile the budget allows
 * identifies (the reset has passed).
 */
final class IdentifyBudgetRefresher implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(IdentifyBudgetRefresher.class);
    private final IdentifyBudget budget;
    private final Supplier<GatewayBot> gatewayBot;
    private volatile boolean failing;

    IdentifyBudgetRefresher(IdentifyBudget budget, Supplier<GatewayBot> gatewayBot) {
        this.budget = budget;
        this.gatewayBot = gatewayBot;
    }

    @Override
    public void run() {
        if (budget.resetAfterMillis() > 0) {
            return;
        }
        try {
            GatewayBot.SessionStartLimit limit = gatewayBot.get().sessionStartLimit();
            budget.refresh(limit.total(), limit.remaining(), limit.resetAfterMillis());
            log.info("identify budget refreshed from Discord: {}/{} left, next reset in {} min", limit.remaining(),
                    limit.total(), limit.resetAfterMillis() / 60_000);
            failing = false;
        } catch (RuntimeException e) {
            if (!failing) {
                log.warn("could not refresh the identify budget from GET /gateway/bot ({}); will keep trying",
                        e.getMessage());
            }
            failing = true;
        }
    }
}
