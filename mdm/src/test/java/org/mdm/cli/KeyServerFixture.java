package org.mdm.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.mdm.api.MdmException;
import org.mdm.hydra.server.HydraServer;
import org.mdm.hydra.server.HydraServerConfig;
import org.mdm.hydra.server.JdbcShareStore;
import org.mdm.security.Credentials;
import org.mdm.security.GridCredential;
import org.mdm.security.GridTrust;
import org.mdm.security.VomsAttributes;
import org.mdm.security.testpki.TestPki;
import picocli.CommandLine;

/**
 * Three real Hydra key servers on loopback ports with the test PKI's host credential, and a
 * way to run {@code mdm} against them as a given proxy.
 */
final class KeyServerFixture implements AutoCloseable {
    static final TestPki PKI = TestPki.shared();

    private final List<HydraServer> servers = new ArrayList<>();
    private final GridTrust trust;
    private final VomsAttributes voms;

    KeyServerFixture(Path dir) throws MdmException {
        trust = GridTrust.fromDirectory(PKI.certDir());
        voms = VomsAttributes.create(PKI.vomsDir(), trust);
        GridCredential host = Credentials.load(PKI.hostCert(), PKI.hostKey());
        for (int i = 1; i <= 3; i++) {
            servers.add(HydraServer.start(HydraServerConfig.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    host, trust, voms, JdbcShareStore.openH2(dir.resolve("db" + i)))));
        }
    }

    /** The hydra.servers value. */
    String serverList() {
        return servers.stream().map(s -> s.uri().toString()).collect(Collectors.joining(","));
    }

    /**
     * A second identity: the host certificate and key in one file, which loads like a proxy
     * (DN {@link TestPki#hostDn()}).
     */
    static Path hostAsProxy(Path dir) throws IOException {
        Path file = dir.resolve("host-as-proxy.pem");
        Files.writeString(file, Files.readString(PKI.hostCert()) + Files.readString(PKI.hostKey()));
        return file;
    }

    /** Runs mdm with the grid and hydra keys pointing at these servers and {@code proxy}. */
    Run run(Path proxy, String... args) {
        List<String> all = new ArrayList<>(List.of("-D", "hydra.servers=" + serverList(),
                "-D", "grid.cert.dir=" + PKI.certDir(), "-D", "grid.vomsdir=" + PKI.vomsDir(),
                "-D", "grid.proxy=" + proxy));
        all.addAll(List.of(args));
        return new Run(all.toArray(String[]::new));
    }

    /** Stops server {@code i} (0..2); close stops it again harmlessly. */
    void stop(int i) throws MdmException {
        servers.get(i).close();
    }

    /** The URI of server {@code i}. */
    String uri(int i) {
        return servers.get(i).uri().toString();
    }

    @Override
    public void close() throws MdmException {
        for (HydraServer s : servers) {
            s.close();
        }
        voms.close();
        trust.close();
    }

    /** One run of the command line, with what it printed. */
    static final class Run {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int code;

        Run(String... args) {
            CommandLine cl = Main.commandLine();
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            code = cl.execute(args);
        }

        @Override
        public String toString() {
            return "exit " + code + ", out: " + out + ", err: " + err;
        }
    }
}
