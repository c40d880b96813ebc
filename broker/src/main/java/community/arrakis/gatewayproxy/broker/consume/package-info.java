/**
 * Consuming with manual acknowledgements: every delivery ends in exactly one {@link
 * community.arrakis.gatewayproxy.broker.consume.Settlement}, whatever its handler throws.
 */
package community.arrakis.gatewayproxy.broker.consume;
