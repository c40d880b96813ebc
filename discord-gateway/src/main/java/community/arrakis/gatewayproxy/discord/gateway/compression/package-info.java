/** Transport decompression of gateway messages ({@code compress=zlib-stream}). */
package community.arrakis.gatewayproxy.discord.gateway.compression;
