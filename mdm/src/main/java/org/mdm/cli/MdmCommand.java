package org.mdm.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mdm.api.MdmException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** The {@code mdm} command: global options shared by every subcommand. */
@Command(name = "mdm", mixinStandardHelpOptions = true, versionProvider = MdmVersion.class,
        description = {"MDM, the Medical Data Manager, serves hospital DICOM images to grid users as",
            "storage-element files, retrieved on demand, de-identified and sealed.", "",
            "Every command takes --config and -D before or after its name; `mdm COMMAND --help` tells more."},
        subcommands = {FetchCommand.class, SpoolCommand.class, ConfigCommand.class, EdsCommand.class, HydraCommand.class,
            PkiCommand.class, ServeCommand.class, StatusCommand.class,
            RegisterCommand.class, UnregisterCommand.class, CpCommand.class, AclCommand.class, CatalogCommands.Ls.class, CatalogCommands.Stat.class, CatalogCommands.Md.class, QueryCommand.class,
            picocli.CommandLine.HelpCommand.class})
final class MdmCommand {
    @Spec
    private CommandSpec spec;

    // Inherited: `mdm serve -D k=v` is as good as `mdm -D k=v serve` (the values land here either way).
    @Option(names = "--config", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "Site configuration file (Java properties); keys not in it keep their defaults.")
    private Path configFile;

    @Option(names = "-D", paramLabel = "KEY=VALUE", mapFallbackValue = "", scope = ScopeType.INHERIT,
            description = "Override one configuration key for this run (repeatable); `mdm config` lists the keys.")
    private Map<String, String> overrides = new LinkedHashMap<>();

    private MdmConfig config;

    /** The effective configuration, loaded once. */
    MdmConfig config() throws MdmException {
        if (config == null) {
            config = MdmConfig.load(configFile, overrides);
        }
        return config;
    }

    /** Where results for people go. */
    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Where progress and errors go. */
    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
