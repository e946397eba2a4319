package org.mdm.cli;

import java.time.Duration;
import org.mdm.api.MdmException;
import org.mdm.catalog.CatalogDatabase;
import org.mdm.catalog.NsPath;
import org.mdm.dicom.DicomPfn;
import org.mdm.dicom.deid.ImageKeyIds;
import org.mdm.dicom.net.DicomNode;
import org.mdm.dicom.net.RetrieverConfig;
import org.mdm.dicom.net.StoreScu;
import org.mdm.dicom.register.ImageInspector;
import org.mdm.hydra.keyserver.KeyServers;
import org.mdm.register.DryRun;
import org.mdm.register.Registrar;
import org.mdm.security.Credentials;
import org.mdm.security.GridTrust;

/**
 * Builds the {@link Registrar} the configuration describes ({@code register.*}), for the two
 * ways images are registered: {@code mdm register} (keys made as the caller's proxy) and DICOM
 * push in {@code mdm serve} (keys made as the SE's host credential).
 */
final class Registrars {
    private Registrars() {
    }

    /** A registrar over {@code keys}, {@code db} and the runtime's backends (for the dry run). */
    static Registrar create(MdmConfig config, Registrar.Settings settings, MdmRuntime runtime, KeyServers keys,
            CatalogDatabase db) throws MdmException {
        return create(config, settings, DryRun.local(runtime.backends(), settings.stageTimeout()), keys, db);
    }

    /** A registrar over {@code keys} and {@code db} whose dry runs {@code dryRun} does. */
    static Registrar create(MdmConfig config, Registrar.Settings settings, DryRun dryRun, KeyServers keys,
            CatalogDatabase db) throws MdmException {
        return new Registrar(settings, dryRun, keys, db,
                new ImageInspector(ImageKeyIds.fromConfig(config.section("dicom.deid."))),
                new StoreScu(RetrieverConfig.defaults().withCallingAet(config.get("dicom.calling.aet"))));
    }

    /** The {@code register.*} settings, checked (and the SE's DN read) before anything is opened. */
    static Registrar.Settings settings(MdmConfig config) throws MdmException {
        String server = config.get("register.server").isBlank() ? config.get("fetch.default.server")
                : config.get("register.server");
        DicomNode node = DicomPfn.parse("dicom://" + server + "/1.2/1.2/1.2").node();
        String seDn = GridTrust.dn(Credentials.load(config.path("se.host.cert"), config.path("se.host.key"))
                .certificate());
        return new Registrar.Settings(node, NsPath.parse(config.get("register.path")),
                NsPath.parse(config.get("register.lfn")), config.get("register.surl"),
                config.get("register.transform"), seDn, Duration.ofSeconds(config.positiveInt("stage.timeout.seconds")));
    }
}
