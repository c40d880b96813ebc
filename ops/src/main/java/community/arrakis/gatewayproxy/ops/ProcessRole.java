package community.arrakis.gatewayproxy.ops;

import java.util.Locale;

/**
 * Which of the project's processes a registry belongs to: the {@code process} label of
 * {@code arrakis_build_info}, by which alert rules and dashboards tell the processes apart whatever
 * the scrape jobs are called.
 */
public enum ProcessRole {
    INGESTOR,
    WORKER,
    STANDALONE;

    /** The label value: {@code ingestor}, {@code worker}, {@code standalone}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
