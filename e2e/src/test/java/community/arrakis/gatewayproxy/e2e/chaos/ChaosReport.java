package community.arrakis.gatewayproxy.e2e.chaos;

/**
 * One scenario's figures, as the suite prints and checks them.
 *
 * @param dispatched    interactions the simulator sent
 * @param answered      interactions with an accepted first callback
 * @param expired       interactions the workers counted expired (could not be answered in 3 s)
 * @param refused       callbacks refused by Discord's rules: sent late (10062) or a second time
 *                      (40060); not those an injected fault answered
 * @param duplicates    interactions with more than one accepted callback, plus joins whose role
 *                      call was accepted more than once (a handler that took effect twice)
 * @param lost          interactions neither answered nor counted expired, by id (the expired count
 *                      includes late second copies of answered interactions)
 * @param joins         member joins sent
 * @param joinsWithoutRole joins whose member never got the role
 * @param recoveryMillis from the dependency's return to the first interaction answered after it,
 *                      -1 when nothing was answered after it
 * @param workersUnready whether a worker's readiness named the dependency while it was away
 * @param ingestorUnready for the broker: whether the ingestor's {@code /health/ready} answered 503
 *                      with its {@code broker} check down while it was away
 * @param errorLines    ERROR log lines during the run
 * @param warnLines     WARN log lines during the run
 * @param brokerWarnsPerConnection the most WARN lines the broker layer logged about one client
 *                      connection (recovery, publisher, consumers): one per outage at most
 * @param brokerInfosPerConnection the same for INFO lines
 * @param secretLines   log lines holding the bot token, an interaction token or a password
 * @param interruptionMillis the longest time without an accepted answer from the fault's injection
 *                      until its healing: for a failover, from the node's loss to the first
 *                      interaction answered again (10 ms at 100/s when nothing stops)
 */
record ChaosReport(String scenario, int dispatched, int answered, long expired, int refused, int duplicates,
                   long lost, int joins, long joinsWithoutRole, long recoveryMillis, boolean workersUnready,
                   boolean ingestorUnready,
                   int errorLines, int warnLines, int brokerWarnsPerConnection, int brokerInfosPerConnection,
                   int secretLines, long interruptionMillis) {

    static String header() {
        return String.format("%-26s %10s %8s %7s %5s %10s %4s %5s %14s %11s %8s %5s %4s %14s %7s %8s",
                "scenario", "dispatched", "answered", "expired", "late", "duplicates", "lost", "joins",
                "without role", "recovery ms", "unready", "ERROR", "WARN", "conn WARN/INFO", "secrets", "gap ms");
    }

    String row() {
        return String.format("%-26s %10d %8d %7d %5d %10d %4d %5d %14d %11d %8s %5d %4d %14s %7d %8d",
                scenario, dispatched, answered, expired, refused, duplicates, lost, joins, joinsWithoutRole,
                recoveryMillis, unready(), errorLines, warnLines, brokerWarnsPerConnection + "/" + brokerInfosPerConnection,
                secretLines, interruptionMillis);
    }

    /** Whether some readiness named the dependency while it was away. */
    boolean unreadySeen() {
        return workersUnready || ingestorUnready;
    }

    /** Whose readiness did: {@code w} the workers', {@code i} the ingestor's. */
    private String unready() {
        return workersUnready && ingestorUnready ? "w+i" : workersUnready ? "w" : ingestorUnready ? "i" : "no";
    }
}
