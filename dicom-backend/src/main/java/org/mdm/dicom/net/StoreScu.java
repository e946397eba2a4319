package org.mdm.dicom.net;

import java.io.IOException;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/**
 * Sends objects to a DICOM server by C-STORE: registration stores the original in the hospital's
 * server before it records anything, so the server holds what the SE will retrieve. One
 * association per object for now, proposing the object's class in exactly the syntax its bytes
 * are in (they are sent unchanged).
 */
public final class StoreScu {
    private static final int MAX_PDU = 1 << 20;
    /** Warnings a server may answer a stored object with (coerced, elements discarded, not matching). */
    private static final int WARNING_COERCED = 0xB000;
    private static final int WARNING_DISCARDED = 0xB006;
    private static final int WARNING_NOT_MATCHING = 0xB007;

    private final RetrieverConfig config;
    private final Failures failures;

    public StoreScu(RetrieverConfig config) {
        this.config = config;
        this.failures = new Failures(config);
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
        AssociateRequest rq = ContextPlan.forStore(config.callingAet(), node.aet(), MAX_PDU, sopClass, syntax);
        DicomLink link;
        try {
            link = DicomLink.open(node, rq, (int) config.connectTimeout().toMillis(),
                    (int) config.readTimeout().toMillis());
        } catch (IOException e) {
            throw failures.opening(node, what, e);
        }
        try (link) {
            int status = CStore.run(link, sopClass, sopInstance, even);
            if (status != Dimse.STATUS_SUCCESS && status != WARNING_COERCED && status != WARNING_DISCARDED
                    && status != WARNING_NOT_MATCHING) {
                throw new MdmException(Status.PEER_UNAVAILABLE, "DICOM server " + node + " refused to store " + what
                        + " (C-STORE status 0x" + Integer.toHexString(status) + "). Check the server's log and that it"
                        + " accepts storage from calling AE title " + config.callingAet() + ".");
            }
            link.release();
        } catch (UnsupportedServiceException e) {
            throw new MdmException(Status.NOT_SUPPORTED, "DICOM server " + node + " " + e.getMessage() + " ("
                    + sopClass + ", " + syntax + "); " + what + " cannot be stored there as it is.", e);
        } catch (IOException e) {
            throw failures.during(node, "storing " + what, link.abortReason(), config.readTimeout(), e);
        }
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
