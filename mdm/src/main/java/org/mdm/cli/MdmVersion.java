package org.mdm.cli;

import picocli.CommandLine.IVersionProvider;

/** Reports the version from the jar manifest (or "development" when run from classes). */
final class MdmVersion implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = MdmVersion.class.getPackage().getImplementationVersion();
        return new String[] {"mdm " + (version == null ? "development" : version)};
    }
}
