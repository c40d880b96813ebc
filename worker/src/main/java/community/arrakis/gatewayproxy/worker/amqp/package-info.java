/**
 * The worker's side of the broker: runs what the broker module's consumers deliver through the
 * dispatcher, and maps each outcome to a settlement (ack, requeue, dead-letter, hold).
 */
package community.arrakis.gatewayproxy.worker.amqp;
