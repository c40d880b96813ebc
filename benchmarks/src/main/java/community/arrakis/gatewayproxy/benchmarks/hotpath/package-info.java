/** JMH benchmarks of the per-event hot path: dispatch → envelope → bytes → envelope. */
package community.arrakis.gatewayproxy.benchmarks.hotpath;
