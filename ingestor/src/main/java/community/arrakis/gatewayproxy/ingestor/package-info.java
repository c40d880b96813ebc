/** The ingestor: holds shard sessions and publishes every forwarded dispatch, confirmed. */
package community.arrakis.gatewayproxy.ingestor;
