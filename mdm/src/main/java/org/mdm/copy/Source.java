package org.mdm.copy;

import org.mdm.gridftp.client.GridFtpUrl;

/** Where one file is read from: a SURL (through SRM), or a gsiftp:// URL (GridFTP directly). */
public sealed interface Source permits Source.Srm, Source.Gsiftp {

    /** The URL as the user would name it. */
    String name();

    /**
     * A file behind a SURL.
     *
     * @param adler32 the ADLER32 the catalogue or srmLs recorded (8 hex digits), or null if unknown
     */
    record Srm(SrmUrl surl, String adler32) implements Source {
        @Override
        public String name() {
            return surl.text();
        }
    }

    /** A file on a GridFTP server; its ADLER32 is asked of the server (CKSM). */
    record Gsiftp(GridFtpUrl url) implements Source {
        @Override
        public String name() {
            return url.toString();
        }
    }
}
