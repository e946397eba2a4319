package org.mdm.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.ServiceLoader;
import org.mdm.api.BackendContext;
import org.mdm.api.BackendRegistry;
import org.mdm.api.MdmException;
import org.mdm.api.Pfn;
import org.mdm.api.Status;
import org.mdm.api.seal.Seal;
import org.mdm.api.spool.Spool;
import org.mdm.api.spool.SpoolProvider;
import org.mdm.dicom.DicomBackend;
import org.mdm.dicom.DicomPfn;

/**
 * The in-process assembly a command runs on: the spool, the seal and the backends, wired from the
 * configuration exactly as the server will wire them, and closed together.
 */
final class MdmRuntime implements AutoCloseable {
    private static final String SPOOL_TYPE = "rfio";
    private static final String DICOM_TYPE = "dicom";
    private static final String FILE_TYPE = "file";

    private final Spool spool;
    private final SiteSeal seal;
    private final BackendRegistry backends;

    private MdmRuntime(Spool spool, SiteSeal seal, BackendRegistry backends) {
        this.spool = spool;
        this.seal = seal;
        this.backends = backends;
    }

    /** Opens the spool and the site's seal, and creates the configured backends (DICOM included). */
    static MdmRuntime start(MdmConfig config, PrintWriter notices) throws MdmException {
        return start(config, true, notices);
    }

    /**
     * Opens the spool and creates the configured backends; with {@code dicom} false (no mount
     * names a dicom:// PFN) there is no DICOM backend, hence nothing to de-identify or seal: the
     * site secret is not created and no key servers ({@code hydra.servers}) are needed. The site
     * secret is created (and announced on {@code notices}) only after the seal and spool settings
     * proved complete, right before the DICOM backend reads it.
     */
    static MdmRuntime start(MdmConfig config, boolean dicom, PrintWriter notices) throws MdmException {
        SiteSeal seal = dicom ? SiteSeal.open(config) : null;
        Spool spool;
        try {
            spool = openSpool(config);
        } catch (MdmException | RuntimeException e) {
            closeQuietly(seal);
            throw e;
        }
        BackendRegistry backends = BackendRegistry.load(MdmRuntime.class.getClassLoader());
        try {
            BackendContext context = BackendContext.of(spool, seal != null ? seal : NO_SEAL);
            if (dicom) {
                SiteSecret.ensure(config.path("dicom.deid.secret.file"), notices);
                backends.create(DICOM_TYPE, DICOM_TYPE, config.section("dicom."), context);
            }
            if (!config.get("file.root").isEmpty()) {
                backends.create(FILE_TYPE, FILE_TYPE, config.section("file."), context);
            }
            return new MdmRuntime(spool, seal, backends);
        } catch (MdmException | RuntimeException e) {
            backends.close();
            spool.close();
            closeQuietly(seal);
            throw e;
        }
    }

    /** The seal of a runtime without DICOM: the file backend copies files as they are and never asks. */
    private static final Seal NO_SEAL = keyId -> {
        throw new MdmException(Status.CONFIGURATION_ERROR, "No key servers are configured: this storage element"
                + " serves no dicom:// mount, so it seals nothing.");
    };

    private static void closeQuietly(SiteSeal seal) {
        if (seal != null) {
            seal.close();
        }
    }

    /** Opens the configured spool on its own (for the spool commands). */
    static Spool openSpool(MdmConfig config) throws MdmException {
        for (SpoolProvider provider : ServiceLoader.load(SpoolProvider.class, MdmRuntime.class.getClassLoader())) {
            if (provider.type().equals(SPOOL_TYPE)) {
                return provider.open(config.section("spool."));
            }
        }
        throw new MdmException(Status.CONFIGURATION_ERROR, "No '" + SPOOL_TYPE
                + "' spool implementation on the classpath; the mdm distribution is incomplete, rebuild it.");
    }

    /** The backends, for staging through the plugin API. */
    BackendRegistry backends() {
        return backends;
    }

    /** The DICOM backend serving this PFN, for what only it offers (series fetch). */
    DicomBackend dicom(DicomPfn pfn) throws MdmException {
        return (DicomBackend) backends.backendFor(Pfn.parse(pfn.canonical()));
    }

    /** The site's seal; null when no DICOM backend runs (nothing is sealed then). */
    SiteSeal seal() {
        return seal;
    }

    /** The spool. */
    Spool spool() {
        return spool;
    }

    @Override
    public void close() {
        backends.close();
        spool.close();
        closeQuietly(seal);
    }

    @Override
    public String toString() {
        return "MdmRuntime" + Map.of("spool", spool.getClass().getSimpleName());
    }
}
