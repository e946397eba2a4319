package org.mdm.api.transform;

import java.io.InputStream;
import java.io.OutputStream;
import org.mdm.api.MdmException;

/**
 * A conversion applied to each retrieved object before it is sealed and spooled.
 *
 * <p>It must be deterministic: the same input and configuration give the same bytes, with no
 * wall-clock values, so that a regenerated spool file matches the size and checksum recorded
 * at registration. Implementations are thread-safe.
 */
public interface Transform {

    /** The name used in PFNs ({@code ?transform=<name>}). */
    String name();

    /**
     * Reads one object and writes its transformed form.
     *
     * @param source where the object is read from (the transform does not close it)
     * @param sink   where the result is written (the transform does not close it)
     * @param label  a name for the object in error messages; never patient data
     * @return what was erased or replaced
     * @throws MdmException {@link org.mdm.api.Status#CORRUPT_DATA} if the input is not a
     *                      valid object of the expected kind
     */
    TransformReport apply(InputStream source, OutputStream sink, String label) throws MdmException;
}
