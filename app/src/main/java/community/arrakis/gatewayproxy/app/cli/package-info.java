/** One picocli command per mode, and the option groups they share. */
package community.arrakis.gatewayproxy.app.cli;
