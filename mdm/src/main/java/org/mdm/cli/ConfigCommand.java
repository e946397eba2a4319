package org.mdm.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code mdm config}: prints every configuration key with its effective value. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = {"Print every configuration key with its effective value.",
            "Defaults are documented in mdm-defaults.properties inside the mdm jar (see README)."})
final class ConfigCommand implements Callable<Integer> {
    @ParentCommand
    private MdmCommand parent;

    @Override
    public Integer call() throws Exception {
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(parent.config().all()).entrySet()) {
            parent.out().println(e.getKey() + "=" + e.getValue());
        }
        return 0;
    }
}
