import java.io.File;
import java.io.RandomAccessFile;
import org.globus.ftp.DataChannelAuthentication;
import org.globus.ftp.FileRandomIO;
import org.globus.ftp.GridFTPClient;
import org.globus.ftp.GridFTPSession;
import org.globus.ftp.RetrieveOptions;
import org.globus.ftp.Session;
import org.globus.gsi.X509Credential;
import org.globus.gsi.gssapi.GlobusGSSCredentialImpl;
import org.globus.gsi.gssapi.auth.HostAuthorization;
import org.ietf.jgss.GSSCredential;

/**
 * A JGlobus GridFTP download, run by the tests in its own JVM with Debian's JGlobus and its own
 * Bouncy Castle: JGlobusGet host port remote-path local-file stream|eblock parallelism dcau|nodcau
 * Prints "size=<n>" and exits 0 when the download completed.
 */
public class JGlobusGet {
    public static void main(String[] a) throws Exception {
        String host = a[0];
        int port = Integer.parseInt(a[1]);
        String remote = a[2];
        File local = new File(a[3]);
        boolean eblock = a[4].equals("eblock");
        int parallelism = Integer.parseInt(a[5]);
        boolean dcau = a[6].equals("dcau");

        X509Credential proxy = new X509Credential(System.getenv("X509_USER_PROXY"));
        GSSCredential cred = new GlobusGSSCredentialImpl(proxy, GSSCredential.INITIATE_AND_ACCEPT);
        GridFTPClient client = new GridFTPClient(host, port);
        client.setAuthorization(HostAuthorization.getInstance());
        client.authenticate(cred);
        client.setType(Session.TYPE_IMAGE);
        long size = client.getSize(remote);
        client.setDataChannelAuthentication(dcau ? DataChannelAuthentication.SELF : DataChannelAuthentication.NONE);
        if (eblock) {
            client.setMode(GridFTPSession.MODE_EBLOCK);
            client.setOptions(new RetrieveOptions(parallelism));
            client.setLocalPassive();
            client.setActive();
            try (RandomAccessFile out = new RandomAccessFile(local, "rw")) {
                out.setLength(0);
                // RETR in MODE E: extendedGet would send ERET and needs ESTO in FEAT, which a
                // read-only SE does not offer.
                client.get(remote, new FileRandomIO(out), null);
            }
        } else {
            client.setMode(Session.MODE_STREAM);
            client.setPassive();
            client.setLocalActive();
            client.get(remote, local);
        }
        client.close();
        System.out.println("size=" + size);
    }
}
