/** Proof tests of the whole path: simulator, real ingestor, RabbitMQ, workers, Redis. */
package community.arrakis.gatewayproxy.e2e.pipeline;
