package community.arrakis.gatewayproxy.app;

import picocli.CommandLine;

/** Reads the version Maven wrote into the jar's manifest. */
final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Main.class.getPackage().getImplementationVersion();
        return new String[] {"Arrakis Gateway Proxy " + (version == null ? "development build" : version)};
    }
}
