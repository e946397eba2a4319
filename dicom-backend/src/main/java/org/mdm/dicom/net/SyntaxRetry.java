package org.mdm.dicom.net;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retry for a server that failed a sub-operation because it could not convert the object
 * (0xA702, nothing received): dcmqrscp, for one, sends an object over the first context it
 * accepted for the object's class, whatever syntax that context carries, so a compressed object
 * fails as soon as an uncompressed context of its class comes first, however many contexts
 * offer its own syntax. The object is then asked for by C-GET on associations dedicated to its
 * class that offer one syntax each: the syntax the failure's comment named first, if any, then
 * each compressed syntax in turn (an uncompressed object would have been converted, not
 * failed). Each association is opened for one attempt and released at once, like
 * {@link GetFallback}'s.
 */
final class SyntaxRetry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SyntaxRetry.class);
    /** 0xA702: refused, out of resources: unable to perform sub-operations (PS3.4 C.4.3.1.4). */
    static final int CANNOT_PERFORM_SUB_OPERATIONS = 0xA702;
    /** Compressed syntaxes, the most held first (the retry stops at the first that delivers). */
    static final List<String> COMPRESSED = List.of(TransferSyntaxes.J2K_LOSSLESS, TransferSyntaxes.JPEG_BASELINE,
            TransferSyntaxes.JPEG_LOSSLESS_SV1, TransferSyntaxes.RLE, TransferSyntaxes.J2K,
            TransferSyntaxes.JPEG_LS_LOSSLESS, TransferSyntaxes.JPEG_EXTENDED, TransferSyntaxes.JPEG_LS_NEAR,
            TransferSyntaxes.JPEG_LOSSLESS);

    /** A dedicated association's key: the server, the classes it offers, each with these syntaxes. */
    record Offer(DicomNode node, List<String> classes, List<String> syntaxes) {
    }

    private final RetrieverConfig config;
    private final Failures failures;
    private final LinkRunner runner;
    private final AssociationPool<Offer> pool;
    private final LongAdder attempts = new LongAdder();
    /** Marks an attempt that failed the way the first one did: try the next offer. */
    private static final RetrievedInstance NOT_CONVERTED = new RetrievedInstance("-", "-", "-", new byte[0]);

    SyntaxRetry(RetrieverConfig config, Failures failures, LinkRunner runner, int maxPdu) {
        this.config = config;
        this.failures = failures;
        this.runner = runner;
        this.pool = new AssociationPool<>(config, key -> open(key, maxPdu), false);
    }

    private DicomLink open(Offer key, int maxPdu) throws IOException {
        AssociateRequest rq = ContextPlan.forOffer(config.callingAet(), key.node().aet(), maxPdu, key.classes(),
                key.syntaxes());
        return DicomLink.open(key.node(), rq, (int) config.connectTimeout().toMillis(),
                (int) config.readTimeout().toMillis());
    }

    /** True when the outcome is a conversion failure this retry may overcome. */
    static boolean applies(RetrieveOutcome o) {
        return o.received() == 0 && o.failed() > 0 && o.status() == CANNOT_PERFORM_SUB_OPERATIONS;
    }

    /**
     * True when a series retrieve may have failed some instances for want of a conversion: the
     * server answers 0xA702 when every sub-operation failed, 0xB000 when only some did.
     */
    static boolean mayHaveFailedConversions(RetrieveOutcome o) {
        return o.failed() > 0 && (o.status() == CANNOT_PERFORM_SUB_OPERATIONS || o.status() == 0xB000);
    }

    /** C-GETs tried on single-syntax associations, since start. */
    long attempts() {
        return attempts.sum();
    }

    /**
     * Fetches the instance of {@code sopClass} (null if the server would not tell it) by C-GET,
     * one syntax per association, after {@code failed} (the {@code operation} that could not
     * send it).
     *
     * @throws MdmException NOT_SUPPORTED naming the operation and the syntaxes tried when no
     *                      syntax delivers it; CANCELLED or TIMEOUT as the runner reports them
     */
    RetrievedInstance fetch(DicomNode node, String sopClass, String studyUid, String seriesUid, String instanceUid,
            RetrieveOutcome failed, String operation, long deadline, Duration timeout, CancelSignal cancel)
            throws MdmException {
        String what = "SOP instance " + instanceUid;
        byte[] identifier = Identifier.encode(studyUid, seriesUid, instanceUid);
        // An unknown class may also be one the first association did not propose (dcmqrscp then
        // answers 0xA702 too): every class we know is offered, natives first, in groups.
        List<List<String>> groups = sopClass == null ? ContextPlan.allStorageClassGroups() : List.of(List.of(sopClass));
        List<List<String>> offers = new ArrayList<>();
        if (sopClass == null) {
            offers.add(TransferSyntaxes.NATIVE);
        }
        for (String ts : candidates(failed)) {
            offers.add(List.of(ts));
        }
        for (List<String> syntaxes : offers) {
            for (List<String> classes : groups) {
                RetrievedInstance instance = attempt(new Offer(node, classes, syntaxes), what, identifier, deadline,
                        timeout, cancel);
                if (instance == NOT_CONVERTED) {
                    continue;
                }
                if (instance == null) {
                    throw failures.cannotConvert(node, what, operation, failed);
                }
                if (!instance.sopInstanceUid().equals(instanceUid)) {
                    throw failures.corrupt(node, what, new CorruptObjectException("it sent another SOP instance"));
                }
                return instance;
            }
        }
        throw failures.cannotConvert(node, what, operation, failed);
    }

    /**
     * One C-GET on an association for {@code offer}: the instance, {@link #NOT_CONVERTED} when
     * the server failed it again in the same way (or refused the offer), or null when it failed
     * otherwise (more offers will not help).
     */
    private RetrievedInstance attempt(Offer offer, String what, byte[] identifier, long deadline, Duration timeout,
            CancelSignal cancel) throws MdmException {
        attempts.increment();
        AtomicReference<RetrievedInstance> got = new AtomicReference<>();
        RetrieveOutcome o;
        try {
            o = runner.run(pool, offer, offer.node(), what, deadline, timeout, cancel, () -> got.get() == null,
                    link -> CGet.run(link, identifier, i -> got.compareAndSet(null, i)));
        } catch (MdmException e) {
            if (e.status() == Status.CANCELLED || e.status() == Status.TIMEOUT) {
                throw e;
            }
            LOG.debug("{}: C-GET offering {} failed: {}", offer.node(), offer.syntaxes(), e.status());
            return NOT_CONVERTED;
        }
        if (got.get() != null) {
            return got.get();
        }
        return applies(o) ? NOT_CONVERTED : null;
    }

    /** The syntax the failure's comment names, if any, then the compressed syntaxes. */
    private static List<String> candidates(RetrieveOutcome failed) {
        Set<String> ordered = new LinkedHashSet<>();
        String comment = failed.errorComment();
        if (comment != null) {
            for (String ts : TransferSyntaxes.ALL) {
                if (comment.contains(ts)) {
                    ordered.add(ts);
                }
            }
        }
        ordered.addAll(COMPRESSED);
        return new ArrayList<>(ordered);
    }

    @Override
    public void close() {
        pool.close();
    }
}
