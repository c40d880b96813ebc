/**
 * Transport decompression of gateway messages: {@code compress=zlib-stream} and
 * {@code compress=zstd-stream}, one decoder per connection ({@link TransportCompression}).
 */
package community.arrakis.gatewayproxy.discord.gateway.compression;
