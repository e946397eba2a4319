package org.mdm.cli;

import java.util.logging.LogManager;
import org.mdm.api.MdmException;
import org.mdm.se.gridftp.GridFtpDoor;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;

/** Entry point of the {@code mdm} command. */
public final class Main {
    /** Exit code for a usage error (picocli's convention). */
    static final int USAGE = 2;
    /** Exit code when an operation failed. */
    static final int FAILED = 1;

    private Main() {
    }

    /** Runs the command and exits with its code. */
    static {
        GridFtpDoor.prepareJsse(); // before any TLS use
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command and returns its exit code (for tests). */
    public static int run(String... args) {
        // The JDK (and PixelMed without SLF4J) log through java.util.logging; route it to SLF4J.
        LogManager.getLogManager().reset();
        SLF4JBridgeHandler.install();
        return commandLine().execute(args);
    }

    /** The command line with MDM's error handling: an MdmException prints its message, not a trace. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new MdmCommand());
        HelpLayout.install(commandLine);
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof MdmException m) {
                cmd.getErr().println("mdm: " + m.getMessage());
                cmd.getErr().flush();
                return FAILED;
            }
            throw e;
        });
        return commandLine;
    }
}
