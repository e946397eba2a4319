package org.mdm.dicom.net;

import org.mdm.api.MdmException;

/**
 * What the push SCP does with an object a known AE title sent it (MDM registers it). Called on
 * the association's thread; the C-STORE-RSP is sent when this returns: success if it returned,
 * a failure status derived from the exception's {@link org.mdm.api.Status} if it threw (see
 * {@link PushStatuses}). So it must return only once the object is safely recorded.
 */
@FunctionalInterface
public interface PushHandler {
    /**
     * Takes one object.
     *
     * @throws MdmException if the object was not taken; nothing of it may be left behind
     */
    void accept(PushedObject object) throws MdmException;
}
