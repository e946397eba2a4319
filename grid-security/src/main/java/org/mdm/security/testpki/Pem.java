package org.mdm.security.testpki;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.util.io.pem.PemObjectGenerator;

/** PEM output for the test PKI (test temp directories only: it writes private keys). */
final class Pem {

    private Pem() {
    }

    /** A PKCS#8 ("PRIVATE KEY") rendering of {@code key} for {@link #write}. */
    static PemObjectGenerator pkcs8(PrivateKey key) throws IOException {
        return new JcaPKCS8Generator(key, null);
    }

    static void writeChain(Path file, X509Certificate... certs) throws IOException {
        write(file, List.of((Object[]) certs));
    }

    static void writePkcs8(Path file, PrivateKey key) throws IOException {
        write(file, List.of(pkcs8(key)));
        ownerOnly(file);
    }

    /** BC's PEM writer renders an RSA key as PKCS#1 ("RSA PRIVATE KEY"). */
    static void writePkcs1(Path file, PrivateKey key) throws IOException {
        write(file, List.of(key));
        ownerOnly(file);
    }

    static void writeCrl(Path file, X509CRL crl) throws IOException {
        write(file, List.of(crl));
    }

    /** Writes objects BC's JcaPEMWriter understands, in order. */
    static void write(Path file, List<?> objects) throws IOException {
        try (Writer w = Files.newBufferedWriter(file); JcaPEMWriter pem = new JcaPEMWriter(w)) {
            for (Object o : objects) {
                if (o instanceof PemObjectGenerator g) {
                    pem.writeObject(g);
                } else {
                    pem.writeObject(o);
                }
            }
        }
    }

    static void ownerOnly(Path file) throws IOException {
        chmod(file, "rw-------");
    }

    /** Mode 400, as grid-proxy-init demands of a user key. */
    static void readOnly(Path file) throws IOException {
        chmod(file, "r--------");
    }

    private static void chmod(Path file, String mode) throws IOException {
        Set<PosixFilePermission> perms = PosixFilePermissions.fromString(mode);
        Files.setPosixFilePermissions(file, perms);
    }
}
