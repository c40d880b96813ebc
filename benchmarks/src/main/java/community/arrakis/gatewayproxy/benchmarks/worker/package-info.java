/**
 * Worker benchmarks, each a {@code main} that prints a table and writes JSON into
 * {@code bench-results/}; run through {@code scripts/bench/worker-*.sh}.
 */
package community.arrakis.gatewayproxy.benchmarks.worker;
