/**
 * Gateway wire protocol: opcodes and close codes (each carrying its recovery policy), the frame
 * reader that slices a dispatch's raw {@code d} bytes, and the writer of the payloads we send.
 */
package community.arrakis.gatewayproxy.discord.gateway.protocol;
