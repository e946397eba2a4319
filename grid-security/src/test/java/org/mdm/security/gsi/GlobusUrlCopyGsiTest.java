package org.mdm.security.gsi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdm.api.MdmException;
import org.mdm.security.Credentials;
import org.mdm.security.GridCredential;
import org.mdm.security.GridTrust;
import org.mdm.security.TlsContexts;
import org.mdm.security.testpki.TestPki;

/**
 * The real globus-url-copy authenticates to a GSI acceptor built on {@link GsiContext} and
 * {@link Delegation}: a minimal control channel that speaks only what authentication needs
 * (AUTH GSSAPI, ADAT, then ENC-wrapped commands) and stops after the first commands, so the
 * client fails afterwards by design. The GridFTP door itself is issue 4's next part.
 */
class GlobusUrlCopyGsiTest {
    private static final Path CLIENT = Path.of("/usr/bin/globus-url-copy");
    private static final TestPki PKI = TestPki.shared();

    /** What the acceptor saw. */
    private static final class Seen {
        String protocol;
        String peer;
        char flag;
        GridCredential delegated;
        final List<String> commands = new ArrayList<>();
    }

    @Test
    void globusUrlCopyCompletesTheGsiHandshakeDelegatesAndSendsWrappedCommands(@TempDir Path dir) throws Exception {
        if (!Files.isExecutable(CLIENT)) {
            fail("globus-url-copy is missing: apt-get install globus-gass-copy-progs (bin/mdm test installs it)");
        }
        try (GridTrust trust = GridTrust.fromDirectory(PKI.certDir());
                ServerSocket listener = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            SSLContext host = TlsContexts.server(Credentials.load(PKI.hostCert(), PKI.hostKey()), trust);
            Seen seen = new Seen();
            CompletableFuture<Void> door = CompletableFuture.runAsync(() -> serveOne(listener, host, trust, seen));
            ProcessBuilder pb = new ProcessBuilder(CLIENT.toString(), "-v",
                    "gsiftp://localhost:" + listener.getLocalPort() + "/dpm/example.org/home/biomed/mdm/1.2/3.4/5.6",
                    "file://" + dir.resolve("out.bin"));
            pb.environment().put("X509_USER_PROXY", PKI.proxy().toString());
            pb.environment().put("X509_CERT_DIR", PKI.certDir().toString());
            pb.redirectErrorStream(true);
            Process p = pb.start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "globus-url-copy hung: " + output);
            door.get(30, TimeUnit.SECONDS);

            assertTrue(seen.protocol.startsWith("TLSv1."), seen.protocol);
            assertTrue(seen.peer.startsWith(PKI.userDn() + "/CN="), "the user's proxy: " + seen.peer);
            assertEquals('D', seen.flag, "globus-url-copy delegates");
            assertTrue(GridTrust.dn(seen.delegated.certificate()).startsWith(seen.peer + "/CN="),
                    "a proxy of the client's proxy: " + GridTrust.dn(seen.delegated.certificate()));
            assertEquals(List.of("USER :globus-mapping:", "PASS"), seen.commands.subList(0, 2),
                    "commands arrive ENC-wrapped and open: " + seen.commands + " / " + output);
            assertTrue(output.contains("The probe ends here"), "our wrapped reply reached the client: " + output);
        }
    }

    private static void serveOne(ServerSocket listener, SSLContext host, GridTrust trust, Seen seen) {
        try (Socket s = listener.accept()) {
            s.setSoTimeout(30_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            Writer out = new OutputStreamWriter(s.getOutputStream(), StandardCharsets.US_ASCII);
            send(out, "220 MDM GSI probe ready.");
            GsiContext ctx = null;
            Delegation delegation = null;
            for (String line; (line = in.readLine()) != null; ) {
                String[] parts = line.split(" ", 2);
                String arg = parts.length > 1 ? parts[1] : "";
                switch (parts[0].toUpperCase()) {
                    case "AUTH" -> {
                        ctx = GsiContext.acceptor(host);
                        send(out, "334 ADAT must follow.");
                    }
                    case "ADAT" -> {
                        byte[] token = Base64.getDecoder().decode(arg);
                        byte[] app;
                        if (!ctx.isEstablished()) {
                            byte[] back = ctx.step(token);
                            app = ctx.isEstablished() ? ctx.takeApplicationData() : new byte[0];
                            if (app.length == 0) {
                                send(out, "335 ADAT=" + Base64.getEncoder().encodeToString(back));
                                continue;
                            }
                        } else {
                            app = ctx.unwrap(token);
                        }
                        if (delegation == null && seen.flag == 0) {
                            seen.protocol = ctx.protocol();
                            seen.peer = GridTrust.dn(ctx.peerChain()[0]);
                            seen.flag = (char) app[0];
                            if (seen.flag == 'D') {
                                delegation = Delegation.start();
                                send(out, "335 ADAT=" + Base64.getEncoder().encodeToString(ctx.wrap(delegation.request())));
                            } else {
                                send(out, "235 GSSAPI Authentication successful.");
                            }
                        } else {
                            seen.delegated = delegation.accept(app, ctx.peerChain(), trust);
                            send(out, "235 GSSAPI Authentication successful.");
                        }
                    }
                    case "ENC" -> {
                        String command = new String(ctx.unwrap(Base64.getDecoder().decode(arg)), StandardCharsets.US_ASCII)
                                .trim();
                        seen.commands.add(command);
                        String reply = command.startsWith("USER") ? "331 Password required."
                                : command.startsWith("PASS") ? "230 Logged in (probe)."
                                : command.startsWith("QUIT") ? "221 Bye." : "502 The probe ends here.";
                        send(out, "632 " + Base64.getEncoder().encodeToString(ctx.wrap((reply + "\r\n")
                                .getBytes(StandardCharsets.US_ASCII))));
                        if (reply.startsWith("221")) {
                            return;
                        }
                    }
                    default -> send(out, "500 Not in the probe.");
                }
            }
        } catch (IOException | MdmException e) {
            throw new IllegalStateException("GSI probe failed: " + e.getMessage(), e);
        }
    }

    private static void send(Writer out, String line) throws IOException {
        out.write(line + "\r\n");
        out.flush();
    }
}
