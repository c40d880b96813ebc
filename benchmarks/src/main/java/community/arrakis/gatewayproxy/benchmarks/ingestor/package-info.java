/** Load runs of the ingestor against the simulator and the local RabbitMQ: throughput, added latency, memory. */
package community.arrakis.gatewayproxy.benchmarks.ingestor;
