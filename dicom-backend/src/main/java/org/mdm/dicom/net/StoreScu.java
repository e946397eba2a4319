package org.mdm.dicom.net;

import java.io.IOException;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/**
 * Sends objects to a DICOM server by C-STORE: registration stores the original in the hospital's
 * server before it records anything, so the server holds what the SE will retrieve. Associations
 * are pooled per server, SOP class and transfer syntax (a series is one class in one syntax, so
 * it is stored over a few associations, not one per image), each proposing the class in exactly
 * the syntax the bytes are in (they are sent unchanged). A stored object that fails on a pooled
 * association before any answer is sent again once on a fresh one: the server may have closed an
 * idle association meanwhile, and storing the same object twice is harmless.
 */
public final class StoreScu implements AutoCloseable {
    private static final int MAX_PDU = 1 << 20;
    /** Warnings a server may answer a stored object with (coerced, elements discarded, not matching). */
    private static final int WARNING_COERCED = 0xB000;
    private static final int WARNING_DISCARDED = 0xB006;
    private static final int WARNING_NOT_MATCHING = 0xB007;

    /** What an association is opened for: one server, one class in one syntax. */
    private record Target(DicomNode node, String sopClass, String syntax) {
    }

    private final RetrieverConfig config;
    private final Failures failures;
    private final AssociationPool<Target> pool;

    public StoreScu(RetrieverConfig config) {
        this.config = config;
        this.failures = new Failures(config, "store", "Storing");
        this.pool = new AssociationPool<>(config, t -> DicomLink.open(t.node(), ContextPlan.forStore(
                config.callingAet(), t.node().aet(), MAX_PDU, t.sopClass(), t.syntax()),
                (int) config.connectTimeout().toMillis(), (int) config.readTimeout().toMillis()));
    }

    /**
     * Stores one object on {@code node}.
     *
     * @param dataset the data set (no Part 10 header) encoded in {@code syntax}
     * @throws MdmException PEER_UNAVAILABLE when the server cannot be reached or refuses the
     *                      object, NOT_SUPPORTED when it does not accept its class or syntax,
     *                      TIMEOUT past the read timeout
     */
    public void store(DicomNode node, String sopClass, String sopInstance, String syntax, byte[] dataset)
            throws MdmException {
        String what = "SOP instance " + sopInstance;
        byte[] even = evenLength(dataset, syntax, what);
        Target target = new Target(node, sopClass, syntax);
        for (int attempt = 1;; attempt++) {
            long openedBefore = pool.opened(target);
            DicomLink link = borrow(target, what);
            boolean fresh = pool.opened(target) > openedBefore; // (racy, but it only decides one retry)
            try {
                answer(node, what, CStore.run(link, sopClass, sopInstance, even));
                pool.giveBack(target, link);
                return;
            } catch (UnsupportedServiceException e) {
                pool.invalidate(target, link);
                throw new MdmException(Status.NOT_SUPPORTED, "DICOM server " + node + " " + e.getMessage() + " ("
                        + sopClass + ", " + syntax + "); " + what + " cannot be stored there as it is.", e);
            } catch (MdmException e) {
                pool.giveBack(target, link); // the server answered: the association is fine
                throw e;
            } catch (IOException e) {
                AbortReason reason = link.abortReason();
                pool.invalidate(target, link);
                if (attempt > 1 || fresh) {
                    throw failures.during(node, what, reason, config.readTimeout(), e);
                }
            }
        }
    }

    private DicomLink borrow(Target target, String what) throws MdmException {
        try {
            return pool.borrow(target, config.connectTimeout().plus(config.readTimeout()));
        } catch (Exception e) {
            throw failures.opening(target.node(), what, e);
        }
    }

    private void answer(DicomNode node, String what, int status) throws MdmException {
        if (status != Dimse.STATUS_SUCCESS && status != WARNING_COERCED && status != WARNING_DISCARDED
                && status != WARNING_NOT_MATCHING) {
            throw new MdmException(Status.PEER_UNAVAILABLE, "DICOM server " + node + " refused to store " + what
                    + " (C-STORE status 0x" + Integer.toHexString(status) + "). Check the server's log and that it"
                    + " accepts storage from calling AE title " + config.callingAet() + ".");
        }
    }

    /** Associations opened so far (for mdm status and tests: a series should need few). */
    public long associationsOpened() {
        return pool.opened();
    }

    /** Releases the pooled associations. */
    @Override
    public void close() {
        pool.close();
    }

    /**
     * PDV fragments carry an even number of bytes. A deflated stream of odd length is padded with
     * one NUL, as PS3.5 A.5 prescribes; any other odd-length data set is malformed and refused
     * before a server sees it (DCMTK-based servers abort with "Odd Fragment Length").
     */
    private static byte[] evenLength(byte[] dataset, String syntax, String what) throws MdmException {
        if (dataset.length % 2 == 0) {
            return dataset;
        }
        if (syntax.equals(TransferSyntaxes.DEFLATED_LE)) {
            return java.util.Arrays.copyOf(dataset, dataset.length + 1);
        }
        throw new MdmException(Status.CORRUPT_DATA, "The data set of " + what + " has an odd length ("
                + dataset.length + " bytes), which DICOM forbids and servers refuse. Rewrite the file with a DICOM"
                + " toolkit (e.g. dcmconv IN OUT) and register that copy.");
    }
}
