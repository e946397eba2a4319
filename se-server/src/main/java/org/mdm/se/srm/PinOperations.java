package org.mdm.se.srm;

import java.util.ArrayList;
import java.util.List;
import org.mdm.api.GridPrincipal;
import org.mdm.api.MdmException;
import org.mdm.srm.Xml;

/**
 * srmReleaseFiles, srmAbortRequest and srmAbortFiles: what a client does to let go of what its
 * requests hold. Releasing without a token releases the caller's pins of those SURLs in every
 * request of theirs, as SRM v2.2 allows.
 */
final class PinOperations {
    private final StageRequests requests;
    private final SrmLimits limits;

    PinOperations(StageRequests requests, SrmLimits limits) {
        this.requests = requests;
        this.limits = limits;
    }

    Xml release(Xml request, GridPrincipal caller) throws MdmException {
        String token = Requests.optionalToken(request).orElse(null);
        List<String> asked = Requests.atMost(request.texts("arrayOfSURLs", "urlArray"), limits.maxFilesPerRequest(),
                "srmReleaseFiles");
        if (token == null && asked.isEmpty()) {
            throw new MdmException(org.mdm.api.Status.INVALID_REQUEST, "srmReleaseFiles: give a requestToken,"
                    + " SURLs, or both");
        }
        if (token != null) {
            StageBatch batch = findAny(token, caller);
            if (asked.isEmpty()) {
                batch.files().forEach(FileStage::release);
                return Xml.of("srmReleaseFilesResponse", Statuses.returnStatus(Statuses.SUCCESS, null));
            }
            return perFile("srmReleaseFilesResponse", asked, surl -> batch.file(surl).map(f -> {
                f.release();
                return true;
            }).orElse(false));
        }
        return perFile("srmReleaseFilesResponse", asked, surl -> {
            List<StageBatch> holding = requests.holding(surl, caller);
            holding.forEach(b -> b.file(surl).ifPresent(FileStage::release));
            return !holding.isEmpty();
        });
    }

    Xml abortRequest(Xml request, GridPrincipal caller) throws MdmException {
        StageBatch batch = findAny(Requests.token(request, "srmAbortRequest"), caller);
        batch.files().forEach(FileStage::abort);
        return Xml.of("srmAbortRequestResponse", Statuses.returnStatus(Statuses.SUCCESS, null));
    }

    Xml abortFiles(Xml request, GridPrincipal caller) throws MdmException {
        StageBatch batch = findAny(Requests.token(request, "srmAbortFiles"), caller);
        List<String> asked = Requests.surls(request, "arrayOfSURLs", limits.maxFilesPerRequest(), "srmAbortFiles");
        return perFile("srmAbortFilesResponse", asked, surl -> batch.file(surl).map(f -> {
            f.abort();
            return true;
        }).orElse(false));
    }

    /** A get or a bring-online request of the caller's. */
    private StageBatch findAny(String token, GridPrincipal caller) throws MdmException {
        try {
            return requests.find(token, StageBatch.Kind.GET, caller);
        } catch (MdmException notAGet) {
            try {
                return requests.find(token, StageBatch.Kind.BRING_ONLINE, caller);
            } catch (MdmException e) {
                throw new MdmException(e.status(), e.getMessage().replace("no bring-online request", "no request"));
            }
        }
    }

    private interface PerSurl {
        boolean apply(String surl);
    }

    private static Xml perFile(String element, List<String> asked, PerSurl action) {
        List<Xml> files = new ArrayList<>();
        int ok = 0;
        for (String surl : asked) {
            if (action.apply(surl)) {
                ok++;
                files.add(Xml.of("statusArray", Xml.text("surl", surl), Statuses.of("status", Statuses.SUCCESS, null)));
            } else {
                files.add(FileStatuses.notInRequest("statusArray", surl));
            }
        }
        return Xml.of(element, Statuses.aggregate(ok, asked.size() - ok, "SRM_INVALID_PATH",
                "the SURL is not part of any request of yours"), Xml.of("arrayOfFileStatuses", files));
    }
}
