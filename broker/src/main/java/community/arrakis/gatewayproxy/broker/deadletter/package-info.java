/**
 * The dead-letter queue read and worked on by people: browsing it without losing or reordering a
 * message, and replaying or removing a chosen part of it ({@link community.arrakis.gatewayproxy.broker.deadletter.DeadLetterQueue}).
 */
package community.arrakis.gatewayproxy.broker.deadletter;
