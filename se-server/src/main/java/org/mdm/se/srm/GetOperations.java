package org.mdm.se.srm;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.mdm.api.GridPrincipal;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.srm.Xml;

/**
 * srmPrepareToGet, srmBringOnline and their status calls. Both are asynchronous: the first answer
 * is SRM_REQUEST_QUEUED with a request token while staging runs (it starts at once); the client
 * polls. A get's pinned file has a TURL on our GridFTP door; a bring-online only pins.
 */
final class GetOperations {
    private static final String PROTOCOL = "gsiftp";

    private final StageRequests requests;
    private final Surls surls;
    private final SrmLimits limits;
    private final FileStatuses statuses;
    private final Clock clock;

    GetOperations(StageRequests requests, Surls surls, SrmLimits limits, FileStatuses statuses, Clock clock) {
        this.requests = requests;
        this.surls = surls;
        this.limits = limits;
        this.statuses = statuses;
        this.clock = clock;
    }

    Xml prepareToGet(Xml request, GridPrincipal caller, Delivery delivery) throws MdmException {
        requireGsiftp(request);
        StageBatch batch = submit(StageBatch.Kind.GET, request, caller, "srmPrepareToGet", "desiredPinLifeTime");
        delivery.ifUndelivered(() -> batch.files().forEach(FileStage::abort));
        awaitBriefly(batch);
        return answer("srmPrepareToGetResponse", batch, true, true);
    }

    Xml statusOfGet(Xml request, GridPrincipal caller) throws MdmException {
        StageBatch batch = requests.find(Requests.token(request, "srmStatusOfGetRequest"), StageBatch.Kind.GET, caller);
        return status("srmStatusOfGetRequestResponse", batch, request);
    }

    Xml bringOnline(Xml request, GridPrincipal caller, Delivery delivery) throws MdmException {
        StageBatch batch = submit(StageBatch.Kind.BRING_ONLINE, request, caller, "srmBringOnline", "desiredLifeTime");
        delivery.ifUndelivered(() -> batch.files().forEach(FileStage::abort));
        awaitBriefly(batch);
        return answer("srmBringOnlineResponse", batch, true, true);
    }

    /** Gives fast stagings (spool hits, small images) the chance to be in the first answer. */
    private void awaitBriefly(StageBatch batch) {
        try {
            batch.awaitSettled(limits.answerWithin());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // answer with what there is; the door is stopping
        }
    }

    Xml statusOfBringOnline(Xml request, GridPrincipal caller) throws MdmException {
        StageBatch batch = requests.find(Requests.token(request, "srmStatusOfBringOnlineRequest"),
                StageBatch.Kind.BRING_ONLINE, caller);
        return status("srmStatusOfBringOnlineRequestResponse", batch, request);
    }

    private StageBatch submit(StageBatch.Kind kind, Xml request, GridPrincipal caller, String operation,
            String pinField) throws MdmException {
        List<String> asked = Requests.sourceSurls(request, limits.maxFilesPerRequest(), operation);
        List<StageRequests.Wanted> wanted = new ArrayList<>(asked.size());
        for (String surl : asked) {
            try {
                wanted.add(new StageRequests.Wanted(surl, surls.path(surl), null));
            } catch (MdmException e) {
                wanted.add(new StageRequests.Wanted(surl, null, e));
            }
        }
        return requests.submit(kind, caller, wanted, limits.pinFor(Requests.integer(request, pinField, 0)));
    }

    /** A get must accept gsiftp, the one protocol our TURLs use; no list means any. */
    private static void requireGsiftp(Xml request) throws MdmException {
        List<String> protocols = request.child("transferParameters")
                .map(p -> p.texts("arrayOfTransferProtocols", "stringArray")).orElse(List.of());
        if (!protocols.isEmpty() && protocols.stream().noneMatch(p -> p.toLowerCase(Locale.ROOT).equals(PROTOCOL))) {
            throw new MdmException(Status.NOT_SUPPORTED, "srmPrepareToGet: this SE offers " + PROTOCOL
                    + " transfer URLs only, and the request accepts " + String.join(", ", protocols)
                    + "; add gsiftp (gfal2: -D 'SRM PLUGIN:TURL_PROTOCOLS=gsiftp')");
        }
    }

    private Xml status(String element, StageBatch batch, Xml request) {
        List<String> only = request.texts("arrayOfSourceSURLs", "urlArray");
        if (only.isEmpty()) {
            return answer(element, batch, false, false);
        }
        Instant now = clock.instant();
        List<Xml> files = new ArrayList<>();
        List<FileStage> chosen = new ArrayList<>();
        for (String surl : only) {
            batch.file(surl).ifPresentOrElse(f -> {
                chosen.add(f);
                files.add(statuses.file(f, batch.kind(), now));
            }, () -> files.add(FileStatuses.notInRequest("statusArray", surl)));
        }
        return Xml.of(element, FileStatuses.request(chosen.isEmpty() ? batch.files() : chosen, false),
                Xml.of("arrayOfFileStatuses", files));
    }

    private Xml answer(String element, StageBatch batch, boolean first, boolean withToken) {
        Instant now = clock.instant();
        List<Xml> files = new ArrayList<>();
        for (FileStage f : batch.files()) {
            files.add(statuses.file(f, batch.kind(), now));
        }
        return Xml.of(element, FileStatuses.request(batch.files(), first),
                withToken ? Xml.text("requestToken", batch.token()) : null,
                Xml.of("arrayOfFileStatuses", files));
    }
}
