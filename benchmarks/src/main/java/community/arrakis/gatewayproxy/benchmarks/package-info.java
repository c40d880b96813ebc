/** Benchmarks that print their figures: JMH for hot paths, load runs for the whole pipeline. */
package community.arrakis.gatewayproxy.benchmarks;
