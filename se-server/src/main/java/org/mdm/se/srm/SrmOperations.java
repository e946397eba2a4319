package org.mdm.se.srm;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.mdm.api.GridPrincipal;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.api.namespace.NsFacts;
import org.mdm.se.StorageElement;
import org.mdm.srm.Xml;

/**
 * The SRM v2.2 operations this SE answers, by the operation element's name. MDM is read-only to
 * the grid: the write operations are refused as an authorization failure saying how images get
 * in; whatever else SRM defines is SRM_NOT_SUPPORTED.
 */
final class SrmOperations {
    static final String VERSION = "v2.2";
    private static final Set<String> WRITES = Set.of("srmPrepareToPut", "srmRm", "srmMkdir", "srmRmdir", "srmMv");

    private final StorageElement se;
    private final Surls surls;
    private final SrmLimits limits;
    private final LsOperation ls;
    private final GetOperations gets;
    private final PinOperations pins;

    SrmOperations(StorageElement se, Surls surls, SrmLimits limits, LsOperation ls, GetOperations gets,
            PinOperations pins) {
        this.se = se;
        this.surls = surls;
        this.limits = limits;
        this.ls = ls;
        this.gets = gets;
        this.pins = pins;
    }

    /**
     * The response part of {@code operation}; a failure of the whole call is thrown, and the
     * handler turns it into the operation's response with that returnStatus.
     */
    Xml handle(String operation, Xml request, GridPrincipal caller, Delivery delivery)
            throws MdmException, InterruptedException {
        if (WRITES.contains(operation)) {
            throw new MdmException(Status.AUTHORIZATION_FAILURE, operation + ": this storage element is read-only;"
                    + " register images with mdm register");
        }
        return switch (operation) {
            case "srmPing" -> ping();
            case "srmGetTransferProtocols" -> Xml.of("srmGetTransferProtocolsResponse",
                    Statuses.returnStatus(Statuses.SUCCESS, null),
                    Xml.of("protocolInfo", Xml.of("protocolArray", Xml.text("transferProtocol", "gsiftp"))));
            case "srmLs" -> ls.ls(request, caller);
            case "srmPrepareToGet" -> gets.prepareToGet(request, caller, delivery);
            case "srmStatusOfGetRequest" -> gets.statusOfGet(request, caller);
            case "srmBringOnline" -> gets.bringOnline(request, caller, delivery);
            case "srmStatusOfBringOnlineRequest" -> gets.statusOfBringOnline(request, caller);
            case "srmReleaseFiles" -> pins.release(request, caller);
            case "srmAbortRequest" -> pins.abortRequest(request, caller);
            case "srmAbortFiles" -> pins.abortFiles(request, caller);
            case "srmGetSpaceTokens" -> Xml.of("srmGetSpaceTokensResponse",
                    Statuses.returnStatus(Statuses.SUCCESS, "this SE has no space reservations"));
            case "srmCheckPermission" -> checkPermission(request, caller);
            default -> throw new MdmException(Status.NOT_SUPPORTED, shorten(operation) + " is not supported by this"
                    + " storage element (it serves registered images read-only: srmLs, srmPrepareToGet, srmBringOnline"
                    + " and their status, release and abort calls)");
        };
    }

    private static Xml ping() {
        return Xml.of("srmPingResponse", Xml.text("versionInfo", VERSION),
                Xml.of("otherInfo",
                        Xml.of("extraInfoArray", Xml.text("key", "backend_type"), Xml.text("value", "MDM")),
                        Xml.of("extraInfoArray", Xml.text("key", "backend_version"),
                                Xml.text("value", version()))));
    }

    private static String version() {
        String v = SrmOperations.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }

    /** Read for a file the caller may read, read and search for a listable directory; never write. */
    private Xml checkPermission(Xml request, GridPrincipal caller) throws MdmException, InterruptedException {
        List<String> asked = Requests.surls(request, "arrayOfSURLs", limits.maxFilesPerRequest(),
                "srmCheckPermission");
        List<Xml> answers = new ArrayList<>();
        int ok = 0;
        MdmException last = null;
        for (String surl : asked) {
            try {
                String path = surls.path(surl);
                NsFacts facts = se.stat(path, caller);
                answers.add(Xml.of("surlPermissionArray", Xml.text("surl", surl),
                        Statuses.of("status", Statuses.SUCCESS, null),
                        Xml.text("permission", permission(path, facts, caller))));
                ok++;
            } catch (MdmException e) {
                last = e;
                answers.add(Xml.of("surlPermissionArray", Xml.text("surl", surl), Statuses.failure("status", e)));
            }
        }
        return Xml.of("srmCheckPermissionResponse", Statuses.aggregate(ok, asked.size() - ok,
                last == null ? null : last.status().srmCode(), last == null ? null : last.getMessage()),
                Xml.of("arrayOfPermissions", answers));
    }

    private String permission(String path, NsFacts facts, GridPrincipal caller) throws MdmException {
        try {
            if (facts.directory()) {
                se.list(path, caller);
                return "RX";
            }
            se.resolve(path, caller);
            return "R";
        } catch (MdmException e) {
            if (e.status() == Status.AUTHORIZATION_FAILURE) {
                return facts.directory() ? "X" : "NONE";
            }
            throw e;
        }
    }

    private static String shorten(String operation) {
        return operation.length() > 60 ? operation.substring(0, 60) + "..." : operation;
    }
}
