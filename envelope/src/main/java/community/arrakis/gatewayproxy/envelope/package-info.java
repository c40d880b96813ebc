/**
 * The envelope: the versioned JSON contract between the ingestor and the workers, and how a Discord
 * dispatch becomes one.
 */
package community.arrakis.gatewayproxy.envelope;
