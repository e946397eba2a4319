package org.mdm.se.gridftp;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mdm.api.MdmException;
import org.mdm.security.Credentials;
import org.mdm.security.GridTrust;
import org.mdm.security.TlsContexts;
import org.mdm.security.gsi.Delegation;
import org.mdm.security.gsi.GsiContext;

/**
 * A raw GridFTP control-channel client for tests that must misbehave where the real clients
 * never would: it speaks in clear until {@link #authenticate} (AUTH GSSAPI, ADAT tokens from
 * our own {@link GsiContext} initiator, flag '0': no delegation), then wraps every command in
 * {@code ENC} and opens every {@code 632}/{@code 631} reply. It does only what a test tells it.
 */
final class GsiFtpClient implements AutoCloseable {
    private static final Pattern PASV = Pattern.compile("\\((\\d+),(\\d+),(\\d+),(\\d+),(\\d+),(\\d+)\\)");

    /** One reply: its code and its lines (opened, without CRLF). */
    record Answer(int code, List<String> lines) {
        String text() {
            return String.join("\n", lines);
        }
    }

    final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private GsiContext gsi;

    private GsiFtpClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Connects to the door on loopback without reading its greeting. */
    static GsiFtpClient open(int port) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        s.setSoTimeout(30_000);
        return new GsiFtpClient(s);
    }

    /** Connects and checks the 220 greeting. */
    static GsiFtpClient connect(int port) throws IOException {
        GsiFtpClient c = open(port);
        expect(220, c.read());
        return c;
    }

    /** Connects, authenticates with the test user's proxy, sends USER and PASS; checks 230. */
    static GsiFtpClient login(int port) throws Exception {
        GsiFtpClient c = connect(port);
        c.authenticate(DoorFixture.PKI.proxy());
        expect(331, c.command("USER :globus-mapping:"));
        expect(230, c.command("PASS dummy"));
        return c;
    }

    /** AUTH GSSAPI and the ADAT exchange with {@code proxy}, then flag '0'; checks 235. */
    void authenticate(Path proxy) throws Exception {
        expect(235, tryAuthenticate(proxy));
    }

    /**
     * AUTH GSSAPI, ADAT until the handshake is done, then flag '0' (no delegation): the door's
     * last answer, 235 when it accepted us, whatever it said instead when it did not.
     */
    Answer tryAuthenticate(Path proxy) throws Exception {
        return tryAuthenticate(proxy, false);
    }

    /**
     * As {@link #tryAuthenticate(Path)}; with {@code delegate} the flag is 'D' and the door's
     * PKCS#10 request is signed with {@code proxy}, as globus-url-copy does (DCAU A needs it).
     */
    Answer tryAuthenticate(Path proxy, boolean delegate) throws Exception {
        expect(334, send("AUTH GSSAPI"));
        try (GridTrust trust = GridTrust.fromDirectory(DoorFixture.PKI.certDir())) {
            GsiContext ctx = GsiContext.initiator(TlsContexts.client(Credentials.loadProxy(proxy), trust), "localhost",
                    socket.getPort());
            byte[] token = ctx.step(null);
            for (int round = 0; token.length > 0 || !ctx.isEstablished(); round++) {
                if (round > 10) {
                    throw new IOException("the GSI handshake does not converge");
                }
                Answer a = send("ADAT " + Base64.getEncoder().encodeToString(token));
                if (a == null || a.code() != 335) {
                    return a;
                }
                byte[] back = Base64.getDecoder().decode(a.lines().get(0).replaceFirst("^335 ADAT=", "").trim());
                token = ctx.isEstablished() ? unwrapEmpty(ctx, back) : ctx.step(back);
            }
            Answer done = send("ADAT " + Base64.getEncoder().encodeToString(ctx.wrap(new byte[] {(byte) (delegate ? 'D' : '0')})));
            if (delegate && done != null && done.code() == 335) {
                byte[] request = ctx.unwrap(Base64.getDecoder().decode(done.lines().get(0).replaceFirst("^335 ADAT=", "").trim()));
                byte[] signed = Delegation.sign(request, Credentials.loadProxy(proxy));
                done = send("ADAT " + Base64.getEncoder().encodeToString(ctx.wrap(signed)));
            }
            if (done != null && done.code() == 235) {
                gsi = ctx;
            }
            return done;
        }
    }

    private static byte[] unwrapEmpty(GsiContext ctx, byte[] back) throws MdmException {
        ctx.unwrap(back); // the TLS 1.3 session ticket: housekeeping only
        return new byte[0];
    }

    /** Sends one line in clear and reads the reply. */
    Answer send(String line) throws IOException {
        writeLine(line);
        return read();
    }

    /** Sends one command wrapped in ENC (after authentication) and reads the opened reply. */
    Answer command(String line) throws IOException {
        writeCommand(line);
        return read();
    }

    /** Sends a command without waiting for its reply. */
    void writeCommand(String line) throws IOException {
        if (gsi == null) {
            writeLine(line);
            return;
        }
        try {
            byte[] token = gsi.wrap((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
            writeLine("ENC " + Base64.getEncoder().encodeToString(token));
        } catch (MdmException e) {
            throw new IOException(e);
        }
    }

    /** Writes one raw line (CRLF added), in clear whatever the state. */
    void writeLine(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** The next reply, opened if it came wrapped; null when the door closed the connection. */
    Answer read() throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String raw = readLine();
            if (raw == null) {
                return lines.isEmpty() ? null : new Answer(-1, lines);
            }
            boolean wrapped = raw.matches("63[123][ -].*");
            String line = wrapped ? open(raw.substring(4)) : raw;
            lines.add(line);
            boolean last = wrapped ? raw.charAt(3) == ' ' : line.matches("\\d{3} .*");
            if (last) {
                return new Answer(line.matches("\\d{3}[ -].*") ? Integer.parseInt(line.substring(0, 3)) : -1, lines);
            }
        }
    }

    private String open(String base64) throws IOException {
        try {
            byte[] plain = gsi.unwrap(Base64.getDecoder().decode(base64.trim()));
            return new String(plain, StandardCharsets.UTF_8).replaceAll("[\r\n]+$", "");
        } catch (MdmException e) {
            throw new IOException("cannot open a wrapped reply: " + e.getMessage(), e);
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b; (b = in.read()) != -1; ) {
            if (b == '\n') {
                String s = line.toString(StandardCharsets.UTF_8);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
    }

    /** Checks the code of {@code a}; returns it for chaining. */
    static Answer expect(int code, Answer a) throws IOException {
        if (a == null || a.code() != code) {
            throw new AssertionError("expected " + code + ", got " + (a == null ? "end of connection" : a.text()));
        }
        return a;
    }

    /** PASV; the address to connect to. */
    InetSocketAddress passive() throws IOException {
        Answer a = expect(227, command("PASV"));
        Matcher m = PASV.matcher(a.text());
        if (!m.find()) {
            throw new AssertionError("no address in " + a.text());
        }
        String host = m.group(1) + "." + m.group(2) + "." + m.group(3) + "." + m.group(4);
        return new InetSocketAddress(host, Integer.parseInt(m.group(5)) * 256 + Integer.parseInt(m.group(6)));
    }

    /** TYPE I, DCAU N, MODE S, PASV, RETR: the file's bytes, after 150 and 226. */
    byte[] download(String path) throws IOException {
        return receive("RETR " + path);
    }

    /** TYPE I, DCAU N, MODE S, PASV, then {@code command} (RETR, LIST, NLST, MLSD): what the data connection carried. */
    @SuppressWarnings("try") // the data socket is closed before the 226 is read, as a client does
    byte[] receive(String command) throws IOException {
        expect(200, command("TYPE I"));
        expect(200, command("DCAU N"));
        expect(200, command("MODE S"));
        InetSocketAddress data = passive();
        writeCommand(command);
        try (Socket d = new Socket()) {
            d.connect(data, 10_000);
            d.setSoTimeout(30_000);
            expect(150, read());
            byte[] bytes = d.getInputStream().readAllBytes();
            d.close();
            expect(226, read());
            return bytes;
        }
    }

    /** What one MODE E data connection delivered. */
    record Blocks(long bytes, boolean eod, long eofCount) {
    }

    /**
     * Reads MODE E blocks (17-byte header: descriptor, count, offset) from {@code s} into
     * {@code file} until EOD; a connection that closes before any header gives Blocks(0, false, -1).
     */
    static Blocks readBlocks(Socket s, byte[] file) throws IOException {
        DataInputStream in = new DataInputStream(s.getInputStream());
        long bytes = 0;
        long eofCount = -1;
        while (true) {
            int descriptor = in.read();
            if (descriptor < 0) {
                return new Blocks(bytes, false, eofCount);
            }
            long count = in.readLong();
            long offset = in.readLong();
            if ((descriptor & BlockSender.EOF) != 0) {
                eofCount = offset;
            } else if (count > 0) {
                in.readFully(file, Math.toIntExact(offset), Math.toIntExact(count));
                bytes += count;
            }
            if ((descriptor & BlockSender.EOD) != 0) {
                if (in.read() != -1) {
                    throw new IOException("data after EOD");
                }
                return new Blocks(bytes, true, eofCount);
            }
        }
    }

    /** Fills {@code buf} from {@code in}; EOFException if the stream ends first. */
    static int readSome(InputStream in, byte[] buf) throws IOException {
        int total = 0;
        while (total < buf.length) {
            int n = in.read(buf, total, buf.length - total);
            if (n < 0) {
                throw new EOFException("after " + total + " bytes");
            }
            total += n;
        }
        return total;
    }

    /** Closes at once with a reset, as a killed client would. */
    static void vanish(Socket s) throws IOException {
        s.setSoLinger(true, 0);
        s.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
