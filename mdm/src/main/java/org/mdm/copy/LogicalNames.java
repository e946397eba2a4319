package org.mdm.copy;

import java.util.List;
import java.util.Optional;
import org.mdm.api.MdmException;

/** The file catalogue as mdm cp reads it: logical names to replica SURLs and the recorded ADLER32. */
public interface LogicalNames {

    /** One logical file: its name, its replicas (SURLs), its ADLER32 (8 hex digits, or null). */
    record Replicas(String lfn, List<String> surls, String adler32) {
    }

    /** The file named {@code lfn}, if it is one. */
    Optional<Replicas> file(String lfn) throws MdmException;

    /** The files below directory {@code lfn}, at any depth, in name order. */
    List<Replicas> under(String lfn) throws MdmException;
}
