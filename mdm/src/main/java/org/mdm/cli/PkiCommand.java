package org.mdm.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.security.testpki.TestPki;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mdm pki init}: a throwaway grid PKI for trying MDM on one machine (the demo, a test
 * site). TEST ONLY: anyone who reads the directory can act as its CA, host and user.
 */
@Command(name = "pki", mixinStandardHelpOptions = true,
        description = "Make a test-only grid PKI for a single-machine trial (never for a real site).",
        subcommands = PkiCommand.Init.class)
final class PkiCommand {
    @ParentCommand
    private MdmCommand parent;

    /** {@code mdm pki init DIR}. */
    @Command(name = "init", mixinStandardHelpOptions = true,
            description = {"Generate a TEST-ONLY CA, a host certificate for localhost, a user certificate and",
                "proxies under DIR (laid out like /etc/grid-security), a colleague's VOMS proxy (to try",
                "mdm acl), and print the configuration keys that use them. Its private keys are",
                "unencrypted: use it for trials only."})
    static final class Init implements Callable<Integer> {
        /** The second researcher of a trial, in the test VO. */
        static final String COLLEAGUE = "Colleague Researcher";

        @ParentCommand
        private PkiCommand pki;

        @Parameters(index = "0", paramLabel = "DIR", description = "New or empty directory.")
        private Path dir;

        @Override
        public Integer call() throws Exception {
            prepare(dir);
            TestPki made = TestPki.create(dir);
            var out = pki.parent.out();
            out.println("# TEST-ONLY PKI in " + dir + " (unencrypted keys; never use it for a real site)");
            out.println("grid.cert.dir=" + made.certDir());
            out.println("grid.vomsdir=" + made.vomsDir());
            out.println("grid.proxy=" + made.proxy());
            out.println("se.host.cert=" + made.hostCert());
            out.println("se.host.key=" + made.hostKey());
            out.println("hydra.server.cert=" + made.hostCert());
            out.println("hydra.server.key=" + made.hostKey());
            out.println("# host DN: " + made.hostDn());
            out.println("# user DN: " + made.userDn());
            Path colleague = made.colleagueProxy(COLLEAGUE, List.of("/biomed/Role=NULL", "/biomed/lab"));
            out.println("# colleague proxy: " + colleague);
            out.println("# colleague DN: " + TestPki.colleagueDn(COLLEAGUE));
            return 0;
        }

        private static void prepare(Path dir) throws MdmException {
            try {
                Files.createDirectories(dir);
                try (var entries = Files.list(dir)) {
                    if (entries.findAny().isPresent()) {
                        throw new MdmException(Status.INVALID_REQUEST, "Directory " + dir + " is not empty; give"
                                + " `mdm pki init` a new or empty directory (it never overwrites keys).");
                    }
                }
            } catch (IOException e) {
                throw new MdmException(Status.IO_ERROR, "Cannot create " + dir + ": " + e.getMessage() + ".", e);
            }
        }
    }
}
