/**
 * The worker's RabbitMQ side: consumes the interactions and guild queues with manual acks and a
 * prefetch, acknowledges after the handler's outcome is settled, dead-letters with a reason.
 */
package community.arrakis.gatewayproxy.worker.amqp;
