package org.mdm.dicom.pipeline;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import org.mdm.api.MdmException;
import org.mdm.api.spool.Spool;
import org.mdm.api.spool.SpoolFile;
import org.mdm.api.spool.SpoolKey;
import org.mdm.api.transform.Transform;
import org.mdm.api.transform.TransformReport;
import org.mdm.dicom.DicomPfn;
import org.mdm.dicom.net.CancelSignal;
import org.mdm.dicom.net.RetrievedInstance;
import org.mdm.dicom.net.Retriever;

/**
 * Produces one spool file from a DICOM server: retrieve into memory, transform in memory, then
 * write the result to the spool. The unprocessed image never touches disk.
 */
final class ImageProducer {
    private final Retriever retriever;
    private final Spool spool;
    private final Transforms transforms;

    ImageProducer(Retriever retriever, Spool spool, Transforms transforms) {
        this.retriever = retriever;
        this.spool = spool;
        this.transforms = transforms;
    }

    /** Retrieves, transforms and spools one image; the result is left unpinned. */
    TransformReport produce(DicomPfn pfn, SpoolKey key, Duration timeout, CancelSignal cancel) throws MdmException {
        Transform transform = transforms.get(pfn.transform(), pfn);
        RetrievedInstance retrieved = retriever.fetchInstance(pfn.node(), pfn.studyUid(), pfn.seriesUid(),
                pfn.instanceUid(), timeout, cancel);
        return store(pfn, key, transform, retrieved);
    }

    /** Transforms an object already in memory and spools it; the result is left unpinned. */
    TransformReport store(DicomPfn pfn, SpoolKey key, Transform transform, RetrievedInstance retrieved)
            throws MdmException {
        ExposedByteArrayOutputStream out = new ExposedByteArrayOutputStream(retrieved.part10().length + 8192);
        TransformReport report = transform.apply(new ByteArrayInputStream(retrieved.part10()), out, pfn.canonical());
        try (SpoolFile file = SpoolWriting.store(spool, key, out.view(), pfn)) {
            return report;
        }
    }

    /**
     * As {@link #store}, but returns the spooled file still pinned, for a caller that reads it
     * next: opening it again would cost a second index lookup and a time stamp update on disk.
     */
    SpoolFile storePinned(DicomPfn pfn, SpoolKey key, Transform transform, RetrievedInstance retrieved)
            throws MdmException {
        ExposedByteArrayOutputStream out = new ExposedByteArrayOutputStream(retrieved.part10().length + 8192);
        transform.apply(new ByteArrayInputStream(retrieved.part10()), out, pfn.canonical());
        return SpoolWriting.store(spool, key, out.view(), pfn);
    }
}
