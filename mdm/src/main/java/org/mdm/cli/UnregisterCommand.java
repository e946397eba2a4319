package org.mdm.cli;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.api.spool.Spool;
import org.mdm.catalog.CatalogDatabase;
import org.mdm.catalog.NsPath;
import org.mdm.dicom.DicomPfn;
import org.mdm.dicom.pipeline.SpoolKeys;
import org.mdm.register.Unregistrar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code mdm unregister}: the owner removes registered images from every component. */
@Command(name = "unregister", mixinStandardHelpOptions = true,
        description = {"Unregister images (owner only): their name-space, file-catalogue and metadata entries, their",
            "key shares on every key server and the spool's sealed copy are removed. The original stays in the",
            "DICOM server. If a key server is down the image stays withdrawn (no longer served) and running the",
            "command again finishes it."})
final class UnregisterCommand implements Callable<Integer> {
    @ParentCommand
    private MdmCommand parent;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Name-space paths of images (see mdm ls).")
    private List<String> paths;

    @Option(names = {"-r", "--recursive"}, description = "Unregister every image under a study or series directory.")
    private boolean recursive;

    @Override
    public Integer call() throws Exception {
        MdmConfig config = parent.config();
        String caller = RegisterCommand.callerDn(config);
        org.mdm.register.Registrar.Settings site = Registrars.settings(config); // the SE's DN and register.path
        int failed = 0;
        try (GridSettings.Client client = GridSettings.client(config); CatalogDatabase db = CatalogCommands.open(config);
                SpoolCopies copies = new SpoolCopies(config)) {
            Unregistrar unregistrar = new Unregistrar(db, client.servers(), copies::evict,
                    site.base(), site.seDn());
            for (String text : paths) {
                try {
                    for (NsPath image : unregistrar.images(NsPath.parse(text), recursive)) {
                        unregistrar.unregister(image, caller);
                        parent.out().println("unregistered " + image);
                    }
                } catch (MdmException e) {
                    failed++;
                    parent.err().println("mdm: " + e.getMessage());
                }
            }
        }
        parent.out().flush();
        return failed == 0 ? 0 : Main.FAILED;
    }

    /**
     * Evicts sealed copies through the running SE, or from the spool directly when none runs:
     * opened once for the whole command (opening a spool reads its directory).
     */
    private static final class SpoolCopies implements AutoCloseable {
        private final MdmConfig config;
        private Spool spool;

        SpoolCopies(MdmConfig config) {
            this.config = config;
        }

        void evict(String pfn) throws MdmException {
            String key = SpoolKeys.of(DicomPfn.parse(pfn)).value();
            try {
                Optional<String> answer = spool == null ? AdminSocket.ask(AdminSocket.of(config), "spool evict " + key)
                        : Optional.empty();
                if (answer.isPresent()) {
                    AdminAnswers.parse(answer.get());
                    return;
                }
                if (spool == null) {
                    spool = MdmRuntime.openSpool(config);
                }
                SpoolAdmin.evict(spool, false, List.of(key));
            } catch (MdmException e) {
                if (e.status() != Status.NOT_FOUND) {
                    throw new MdmException(e.status(), "Cannot evict the spool's copy of the image: " + e.getMessage()
                            + " The image is withdrawn; run mdm unregister again to finish.", e);
                }
            }
        }

        @Override
        public void close() {
            if (spool != null) {
                spool.close();
            }
        }
    }
}
