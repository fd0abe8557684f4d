package io.repflow.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar manifest (or "development" when run from classes). */
final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[] {
            "repflow " + (v == null ? "development build" : v), "Java " + System.getProperty("java.version")
        };
    }
}
