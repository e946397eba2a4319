package org.mdm.dicom.pipeline;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/** A ByteArrayOutputStream whose content can be read without the copy {@code toByteArray()} makes. */
final class ExposedByteArrayOutputStream extends ByteArrayOutputStream {

    ExposedByteArrayOutputStream(int initialSize) {
        super(initialSize);
    }

    /** A read-only view of the bytes written so far. */
    ByteBuffer view() {
        return ByteBuffer.wrap(buf, 0, count).asReadOnlyBuffer();
    }
}
