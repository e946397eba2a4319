package org.mdm.dicom.pipeline;

import org.mdm.api.MdmException;

/** Carries an {@link MdmException} out of a single-flight production, which cannot throw checked exceptions. */
final class StagingFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StagingFailure(MdmException cause) {
        super(cause.getMessage(), cause, false, false);
    }

    MdmException mdmCause() {
        return (MdmException) getCause();
    }
}
