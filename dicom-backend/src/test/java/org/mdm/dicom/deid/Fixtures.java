package org.mdm.dicom.deid;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.mdm.api.MdmException;
import org.mdm.api.transform.TransformReport;

/** Shared test helpers: secrets, running the transform, the expected keyed values. */
final class Fixtures {
    static final byte[] SECRET = "0123456789abcdef0123456789abcdef-site-secret".getBytes(StandardCharsets.US_ASCII);
    static final byte[] OTHER_SECRET = "another site secret, 32 bytes or more!!".getBytes(StandardCharsets.US_ASCII);

    record Result(byte[] output, TransformReport report) {
    }

    private Fixtures() {
    }

    static Result run(byte[] input, DeidOptions options, byte[] secret) throws MdmException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TransformReport report = new DeidTransform(secret, options).apply(new ByteArrayInputStream(input), out,
                "sample");
        return new Result(out.toByteArray(), report);
    }

    /** Parses a Part 10 byte array with PixelMed, leaving pixel data compressed. */
    static AttributeList parse(byte[] part10) throws Exception {
        AttributeList list = new AttributeList();
        list.setDecompressPixelData(false);
        try (DicomInputStream in = new DicomInputStream(new ByteArrayInputStream(part10))) {
            list.read(in);
        }
        return list;
    }

    /** HMAC-SHA256 computed here, independently of the code under test. */
    static byte[] hmac(byte[] secret, String text) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
    }

    static String expectedUid(byte[] secret, String uid) throws Exception {
        return "2.25." + new BigInteger(1, Arrays.copyOf(hmac(secret, uid), 16));
    }

    static int expectedOffset(byte[] secret, String patientId) throws Exception {
        long bits = new BigInteger(1, Arrays.copyOf(hmac(secret, "date-shift" + patientId), 8)).longValue()
                & Long.MAX_VALUE;
        return (int) -(1 + bits % 3650);
    }
}
