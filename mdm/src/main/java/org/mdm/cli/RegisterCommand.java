package org.mdm.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.catalog.CatalogDatabase;
import org.mdm.catalog.NsPath;
import org.mdm.dicom.DicomPfn;
import org.mdm.dicom.deid.ImageKeyIds;
import org.mdm.dicom.net.DicomNode;
import org.mdm.dicom.net.RetrieverConfig;
import org.mdm.dicom.net.StoreScu;
import org.mdm.dicom.register.ImageInspector;
import org.mdm.security.Credentials;
import org.mdm.security.GridTrust;
import org.mdm.security.PrincipalExtractor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code mdm register}: records images in every component, by reference, all or nothing. */
@Command(name = "register", mixinStandardHelpOptions = true,
        description = {"Register DICOM files (or every file under a directory) as files of the storage element.", "",
            "Per image: a new key on all the key servers (readable by the SE), the original stored in the DICOM",
            "server (register.server), a dry run through the pipeline for the sealed file's exact size and",
            "ADLER32, then the name space, file catalogue and metadata entries in one transaction. A failure",
            "undoes what was done; registering an image again says so and changes nothing. The caller's proxy",
            "(grid.proxy) owns the images."})
final class RegisterCommand implements Callable<Integer> {
    @ParentCommand
    private MdmCommand parent;

    @Parameters(arity = "1..*", paramLabel = "FILE|DIR", description = "DICOM Part 10 files, or directories of them.")
    private List<Path> inputs;

    @Override
    public Integer call() throws Exception {
        MdmConfig config = parent.config();
        List<Path> files = files(inputs);
        Registrar.Settings settings = settings(config);
        try (GridSettings.Client client = GridSettings.client(config);
                CatalogDatabase db = CatalogCommands.open(config);
                MdmRuntime runtime = MdmRuntime.start(config, parent.err())) {
            ImageInspector inspector = new ImageInspector(ImageKeyIds.fromConfig(config.section("dicom.deid.")));
            StoreScu store = new StoreScu(RetrieverConfig.defaults().withCallingAet(config.get("dicom.calling.aet")));
            Registrar registrar = new Registrar(settings, runtime, client.servers(), db, inspector, store);
            int undone = registrar.recover();
            if (undone > 0) {
                parent.err().println("mdm: undid " + undone + " registration(s) an earlier run left unfinished.");
            }
            int failed = 0;
            for (Path file : files) {
                try {
                    Registrar.Outcome o = registrar.register(file);
                    parent.out().println((o == Registrar.Outcome.REGISTERED ? "registered " : "already registered ")
                            + file);
                } catch (MdmException e) {
                    failed++;
                    parent.err().println("mdm: " + e.getMessage());
                }
            }
            parent.out().flush();
            if (failed > 0) {
                parent.err().println("mdm: " + failed + " of " + files.size() + " file(s) not registered; nothing"
                        + " of them was left behind. Fix what is named above and run mdm register again.");
            }
            return failed == 0 ? 0 : Main.FAILED;
        }
    }

    private Registrar.Settings settings(MdmConfig config) throws MdmException {
        String server = config.get("register.server").isBlank() ? config.get("fetch.default.server")
                : config.get("register.server");
        DicomNode node = DicomPfn.parse("dicom://" + server + "/1.2/1.2/1.2").node();
        String seDn = GridTrust.dn(Credentials.load(config.path("se.host.cert"), config.path("se.host.key"))
                .certificate());
        String ownerDn = PrincipalExtractor.userDn(Credentials.loadProxy(
                GridSettings.proxyFile(config, System.getenv("X509_USER_PROXY"))).chain());
        return new Registrar.Settings(node, NsPath.parse(config.get("register.path")),
                NsPath.parse(config.get("register.lfn")), config.get("register.surl"), config.get("register.group"),
                config.get("register.transform"), seDn, ownerDn,
                Duration.ofSeconds(config.positiveInt("stage.timeout.seconds")));
    }

    private static List<Path> files(List<Path> inputs) throws MdmException {
        List<Path> files = new ArrayList<>();
        for (Path input : inputs) {
            if (Files.isDirectory(input)) {
                try (Stream<Path> walk = Files.walk(input)) {
                    walk.filter(Files::isRegularFile).sorted().forEach(files::add);
                } catch (IOException e) {
                    throw new MdmException(Status.IO_ERROR, "Cannot read directory " + input + ": "
                            + MdmException.describe(e) + ".", e);
                }
            } else if (Files.isRegularFile(input)) {
                files.add(input);
            } else {
                throw new MdmException(Status.NOT_FOUND, "No such file or directory: " + input + ".");
            }
        }
        return files;
    }
}
