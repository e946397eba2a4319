package org.mdm.it;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A deliberately bad C-GET SCP for one kind of test only: it accepts any association, answers
 * the first C-GET by sending one CT object that is wrong in the chosen way, then reports
 * success. Written with raw PDUs (a few dozen lines) because a well-behaved toolkit will not
 * send a broken object. Serves one association, then stops.
 */
final class MisbehavingGetScp implements AutoCloseable {
    static final String CT = "1.2.840.10008.5.1.4.1.1.2";
    private static final String EXPLICIT_LE = "1.2.840.10008.1.2.1";
    private static final String GET = "1.2.840.10008.5.1.4.1.2.2.3";

    private final ServerSocket server;
    private final Thread thread;
    private final String announcedUid;
    private final byte[] payload;
    private final boolean breakMidObject;

    /**
     * @param announcedUid the SOP Instance UID put in the C-STORE-RQ
     * @param payload      the data set bytes sent (Explicit VR Little Endian claimed)
     */
    MisbehavingGetScp(String announcedUid, byte[] payload) throws IOException {
        this(announcedUid, payload, false);
    }

    /** A peer that closes the TCP connection halfway through the object: an association that breaks. */
    static MisbehavingGetScp breakingMidObject(String announcedUid, byte[] payload) throws IOException {
        return new MisbehavingGetScp(announcedUid, payload, true);
    }

    private MisbehavingGetScp(String announcedUid, byte[] payload, boolean breakMidObject) throws IOException {
        this.announcedUid = announcedUid;
        this.payload = payload;
        this.breakMidObject = breakMidObject;
        this.server = new ServerSocket(0);
        // A breaking peer breaks every association: the client retries a broken one once.
        this.thread = new Thread(breakMidObject ? this::serveUntilClosed : this::serveOnce, "misbehaving-get-scp");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void serveUntilClosed() {
        while (!server.isClosed()) {
            serveOnce();
        }
    }

    private void serveOnce() {
        try (Socket s = server.accept()) {
            DataInputStream in = new DataInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            int[] contexts = associate(in, out);
            int messageId = readRequest(in);
            send(out, contexts[1], true, command(CT, 0x0001, 1, false, "MessageID", announcedUid));
            if (breakMidObject) {
                byte[] pdu = pdv(contexts[1], false, payload);
                out.write(pdu, 0, pdu.length / 2);
                out.flush();
                return; // closing the socket now: no A-ABORT, no release
            }
            send(out, contexts[1], false, payload);
            readRequest(in); // the C-STORE-RSP
            send(out, contexts[0], true, command(GET, 0x8010, messageId, true, "Responded", null));
            if (in.read() == 0x05) { // A-RELEASE-RQ: answer it, or the client waits for its release timeout
                in.readNBytes(9);
                out.write(new byte[] {6, 0, 0, 0, 0, 4, 0, 0, 0, 0});
                out.flush();
            }
        } catch (IOException e) {
            // the client aborting is an expected end
        }
    }

    /** Accepts every proposed context; returns the ids of the GET and the CT/Explicit LE contexts. */
    private static int[] associate(DataInputStream in, OutputStream out) throws IOException {
        in.readUnsignedByte();
        in.readUnsignedByte();
        byte[] body = in.readNBytes(in.readInt());
        ByteArrayOutputStream items = new ByteArrayOutputStream();
        item(items, 0x10, "1.2.840.10008.3.1.1.1".getBytes(StandardCharsets.US_ASCII));
        int[] wanted = {0, 0};
        int pos = 68;
        while (pos + 4 <= body.length) {
            int type = body[pos] & 0xff;
            int len = (body[pos + 2] & 0xff) << 8 | body[pos + 3] & 0xff;
            if (type == 0x20) {
                int id = body[pos + 4] & 0xff;
                List<String> subs = subItems(body, pos + 8, pos + 4 + len);
                if (subs.get(0).equals(GET)) {
                    wanted[0] = id;
                }
                if (subs.get(0).equals(CT) && subs.get(1).equals(EXPLICIT_LE)) {
                    wanted[1] = id;
                }
                ByteArrayOutputStream pc = new ByteArrayOutputStream();
                pc.write(new byte[] {(byte) id, 0, 0, 0});
                item(pc, 0x40, subs.get(1).getBytes(StandardCharsets.US_ASCII));
                item(items, 0x21, pc.toByteArray());
            }
            pos += 4 + len;
        }
        ByteArrayOutputStream user = new ByteArrayOutputStream();
        item(user, 0x51, new byte[] {0, 0, 0x40, 0});
        item(items, 0x50, user.toByteArray());
        ByteArrayOutputStream pdu = new ByteArrayOutputStream();
        pdu.write(new byte[] {2, 0});
        pdu.write(be32(68 + items.size()));
        pdu.write(new byte[] {0, 1, 0, 0});
        pdu.write(body, 4, 32); // called and calling AE titles, echoed
        pdu.write(new byte[32]);
        pdu.write(items.toByteArray());
        out.write(pdu.toByteArray());
        out.flush();
        return wanted;
    }

    private static List<String> subItems(byte[] b, int pos, int end) {
        List<String> values = new ArrayList<>();
        while (pos + 4 <= end) {
            int len = (b[pos + 2] & 0xff) << 8 | b[pos + 3] & 0xff;
            values.add(new String(b, pos + 4, len, StandardCharsets.US_ASCII).trim());
            pos += 4 + len;
        }
        return values;
    }

    /** Reads one command (and its data set, if any); returns the command's message id. */
    private static int readRequest(DataInputStream in) throws IOException {
        int messageId = -1;
        boolean commandDone = false;
        boolean hasData = true;
        boolean dataDone = false;
        while (!commandDone || (hasData && !dataDone)) {
            in.readUnsignedByte();
            in.readUnsignedByte();
            int pduLen = in.readInt();
            byte[] pdu = in.readNBytes(pduLen);
            int pos = 0;
            while (pos < pdu.length) {
                int len = (int) be32(pdu, pos);
                int header = pdu[pos + 5];
                if ((header & 1) != 0) {
                    messageId = le16At(pdu, pos + 6, len - 2, 0x0110, messageId);
                    hasData = le16At(pdu, pos + 6, len - 2, 0x0800, 0) != 0x0101;
                    commandDone = (header & 2) != 0;
                } else {
                    dataDone = (header & 2) != 0;
                }
                pos += 4 + len;
            }
        }
        return messageId;
    }

    private static int le16At(byte[] b, int start, int len, int element, int fallback) {
        int pos = start;
        while (pos + 8 <= start + len) {
            int el = (b[pos + 2] & 0xff) | (b[pos + 3] & 0xff) << 8;
            int vl = (b[pos + 4] & 0xff) | (b[pos + 5] & 0xff) << 8;
            if (el == element && vl == 2) {
                return (b[pos + 8] & 0xff) | (b[pos + 9] & 0xff) << 8;
            }
            pos += 8 + vl;
        }
        return fallback;
    }

    private static byte[] command(String sopClass, int field, int id, boolean response, String idKind, String uid) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        element(body, 0x0002, uid(sopClass));
        element(body, 0x0100, us(field));
        element(body, response ? 0x0120 : 0x0110, us(id));
        element(body, 0x0800, us(response ? 0x0101 : 0x0000));
        if (response) {
            element(body, 0x0900, us(0));
            element(body, 0x1020, us(0));
            element(body, 0x1021, us(1));
            element(body, 0x1022, us(0));
            element(body, 0x1023, us(0));
        } else {
            element(body, 0x0700, us(0));
            element(body, 0x1000, uid(uid));
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        int len = body.size();
        element(all, 0x0000, new byte[] {(byte) len, (byte) (len >> 8), (byte) (len >> 16), (byte) (len >> 24)});
        all.writeBytes(body.toByteArray());
        return all.toByteArray();
    }

    private static void element(ByteArrayOutputStream out, int element, byte[] v) {
        out.writeBytes(new byte[] {0, 0, (byte) element, (byte) (element >> 8), (byte) v.length, (byte) (v.length >> 8), 0, 0});
        out.writeBytes(v);
    }

    private static byte[] uid(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        return b.length % 2 == 0 ? b : java.util.Arrays.copyOf(b, b.length + 1);
    }

    private static byte[] us(int v) {
        return new byte[] {(byte) v, (byte) (v >> 8)};
    }

    private static void send(OutputStream out, int context, boolean isCommand, byte[] value) throws IOException {
        out.write(pdv(context, isCommand, value));
        out.flush();
    }

    /** One P-DATA-TF PDU holding {@code value} as a single, last fragment. */
    private static byte[] pdv(int context, boolean isCommand, byte[] value) {
        ByteArrayOutputStream pdu = new ByteArrayOutputStream();
        pdu.writeBytes(new byte[] {4, 0});
        pdu.writeBytes(be32(value.length + 6));
        pdu.writeBytes(be32(value.length + 2));
        pdu.write(context);
        pdu.write((isCommand ? 1 : 0) | 2);
        pdu.writeBytes(value);
        return pdu.toByteArray();
    }

    private static void item(ByteArrayOutputStream out, int type, byte[] v) {
        out.write(type);
        out.write(0);
        out.write(v.length >> 8);
        out.write(v.length);
        out.writeBytes(v);
    }

    private static byte[] be32(int v) {
        return new byte[] {(byte) (v >> 24), (byte) (v >> 16), (byte) (v >> 8), (byte) v};
    }

    private static long be32(byte[] b, int off) {
        return (b[off] & 0xffL) << 24 | (b[off + 1] & 0xff) << 16 | (b[off + 2] & 0xff) << 8 | (b[off + 3] & 0xff);
    }

    @Override
    public void close() throws IOException {
        server.close();
        thread.interrupt();
    }
}
