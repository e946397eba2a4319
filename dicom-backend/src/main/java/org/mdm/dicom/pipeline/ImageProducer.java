package org.mdm.dicom.pipeline;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import org.mdm.api.MdmException;
import org.mdm.api.seal.Seal;
import org.mdm.api.seal.SealingKey;
import org.mdm.api.spool.Spool;
import org.mdm.api.spool.SpoolFile;
import org.mdm.api.spool.SpoolKey;
import org.mdm.api.transform.Transform;
import org.mdm.api.transform.TransformReport;
import org.mdm.dicom.DicomPfn;
import org.mdm.dicom.deid.ImageKeyIds;
import org.mdm.dicom.net.CancelSignal;
import org.mdm.dicom.net.RetrievedInstance;
import org.mdm.dicom.net.Retriever;

/**
 * Produces one spool file from a DICOM server: retrieve into memory, transform in memory, seal
 * with the image's key, then write the sealed result to the spool. Neither the original nor
 * the transformed plaintext ever touches disk.
 */
final class ImageProducer {
    private final Retriever retriever;
    private final Spool spool;
    private final Transforms transforms;
    private final Seal seal;
    private final ImageKeyIds keyIds;

    ImageProducer(Retriever retriever, Spool spool, Transforms transforms, Seal seal, ImageKeyIds keyIds) {
        this.retriever = retriever;
        this.spool = spool;
        this.transforms = transforms;
        this.seal = seal;
        this.keyIds = keyIds;
    }

    /**
     * Retrieves, transforms, seals and spools one image; the result is left unpinned. The key is
     * fetched first: without it, the DICOM server is not even asked.
     */
    @SuppressWarnings("try") // the spool file is opened only to be closed: that unpins it
    TransformReport produce(DicomPfn pfn, SpoolKey key, Duration timeout, CancelSignal cancel) throws MdmException {
        Transform transform = transforms.get(pfn.transform(), pfn);
        try (SealingKey sealing = seal.open(keyIds.of(pfn.instanceUid()))) {
            RetrievedInstance retrieved = retriever.fetchInstance(pfn.node(), pfn.studyUid(), pfn.seriesUid(),
                    pfn.instanceUid(), timeout, cancel);
            Transformed out = transformed(pfn, transform, retrieved);
            try (SpoolFile file = SpoolWriting.store(spool, key, sealing, out.content(), pfn)) {
                return out.report();
            }
        }
    }

    /**
     * Transforms and seals an object already in memory and returns the spooled file still
     * pinned, for a caller that reads it next: opening it again would cost a second index
     * lookup and a time stamp update on disk.
     */
    SpoolFile storePinned(DicomPfn pfn, SpoolKey key, Transform transform, RetrievedInstance retrieved)
            throws MdmException {
        try (SealingKey sealing = seal.open(keyIds.of(pfn.instanceUid()))) {
            return SpoolWriting.store(spool, key, sealing, transformed(pfn, transform, retrieved).content(), pfn);
        }
    }

    /** A transform's output, in memory, and its report. */
    private record Transformed(java.nio.ByteBuffer content, TransformReport report) {
    }

    private static Transformed transformed(DicomPfn pfn, Transform transform, RetrievedInstance retrieved)
            throws MdmException {
        ExposedByteArrayOutputStream out = new ExposedByteArrayOutputStream(retrieved.part10().length + 8192);
        TransformReport report = transform.apply(new ByteArrayInputStream(retrieved.part10()), out, pfn.canonical());
        return new Transformed(out.view(), report);
    }
}
