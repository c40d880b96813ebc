/**
 * The confirming publisher's life cycle as a pure state machine: {@link
 * community.arrakis.gatewayproxy.broker.publish.PublisherTransitions} maps (state, event) to (state,
 * actions), with no channel, thread or clock; and the tracker of messages the broker has not
 * confirmed yet. {@link community.arrakis.gatewayproxy.broker.ConfirmingPublisher} drives them.
 */
package community.arrakis.gatewayproxy.broker.publish;
