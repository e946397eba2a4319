package org.mdm.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.mdm.api.MdmException;
import org.mdm.api.Pfn;
import org.mdm.api.Status;
import org.mdm.dicom.DicomPfn;
import org.mdm.dicom.Uids;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code mdm fetch}: runs the retrieval pipeline in-process for one image or one series. */
@Command(name = "fetch", mixinStandardHelpOptions = true,
        description = {"Retrieve an image or a whole series from a DICOM server through the pipeline",
            "(retrieve, de-identify, seal, spool) and copy the sealed result to OUT, as the SE serves it.", "",
            "Each image's key must be registered and readable by the SE (see mdm eds keyid); open the",
            "result with mdm eds decrypt.", "",
            "TARGET is a PFN (dicom://AET@host:port/STUDY/SERIES[/SOP]?transform=deid) or",
            "STUDY/SERIES[/SOP] on the server named by fetch.default.server (or --server).",
            "For an image OUT is a file (or an existing directory); for a series, a directory."})
final class FetchCommand implements Callable<Integer> {
    @ParentCommand
    private MdmCommand parent;

    @Parameters(index = "0", paramLabel = "TARGET", description = "PFN, or STUDY/SERIES[/SOP].")
    private String target;

    @Parameters(index = "1", paramLabel = "OUT", description = "Output file or directory.")
    private Path out;

    @Option(names = "--server", paramLabel = "AET@HOST:PORT",
            description = "DICOM server for the STUDY/SERIES[/SOP] form (default: fetch.default.server).")
    private String server;

    @Option(names = "--transform", paramLabel = "NAME", defaultValue = DicomPfn.DEFAULT_TRANSFORM,
            description = "Transform for the STUDY/SERIES[/SOP] form (default: ${DEFAULT-VALUE}).")
    private String transform;

    @Option(names = "--no-progress", description = "Do not draw a progress bar for series.")
    private boolean noProgress;

    @Override
    public Integer call() throws Exception {
        MdmConfig config = parent.config();
        DicomPfn pfn = DicomPfn.parse(resolve(config));
        try (MdmRuntime runtime = MdmRuntime.start(config, parent.err())) {
            OutputFiles outputs = new OutputFiles(out, pfn.isSeries());
            if (pfn.isSeries()) {
                return new SeriesDownload(runtime, config, parent.err(), !noProgress).run(pfn, outputs, parent.out());
            }
            return new ImageDownload(runtime, config).run(pfn, outputs, parent.out());
        }
    }

    private String resolve(MdmConfig config) throws MdmException {
        if (target.contains("://")) {
            return target;
        }
        String node = server != null ? server : config.get("fetch.default.server");
        if (!node.matches("[^@/]+@[^:/]+:\\d+")) {
            throw new MdmException(Status.INVALID_REQUEST, "DICOM server '" + node
                    + "' must be written AET@host:port (see --server or fetch.default.server).");
        }
        String path = target.startsWith("/") ? target.substring(1) : target;
        String[] uids = path.split("/", -1);
        if (uids.length < 2 || uids.length > 3) {
            throw new MdmException(Status.INVALID_REQUEST, "'" + target + "' is neither a PFN (dicom://AET@host:port/"
                    + "STUDY/SERIES[/SOP]?transform=deid) nor STUDY/SERIES[/SOP]: give a series or an image.");
        }
        for (String uid : uids) {
            Uids.require(uid, "UID", "'" + target + "'");
        }
        return Pfn.parse("dicom://" + node + "/" + path + "?transform=" + transform).toString();
    }
}
