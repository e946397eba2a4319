package org.mdm.se.gridftp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * LIST, NLST and MLSD: a directory's listing sent over one data connection as a RETR sends a
 * file, with the session's DCAU and PROT. In stream mode closing the connection ends the listing;
 * in extended block mode (GFD.20) it is one block followed by EOF with an EOD count of one. A
 * listing is small, so it is sent from the control thread.
 */
final class Listing {

    /** What the listing needs from its session. */
    interface Control {
        void reply(Reply reply) throws IOException;

        /** For a delayed PASV: a listener opened now and announced with 127. */
        DataEndpoint openDelayedPassive() throws IOException;
    }

    private Listing() {
    }

    /**
     * Sends {@code text} for {@code what} (the directory) and returns the final reply.
     *
     * @param endpoint null after a delayed PASV
     */
    static Reply send(String what, byte[] text, DataEndpoint endpoint, DataSecurity security, boolean extended,
            int timeoutMillis, Control control) throws IOException {
        DataEndpoint source = endpoint;
        List<DataConnection> conns;
        try {
            if (source == null) {
                source = control.openDelayedPassive();
            }
            control.reply(Reply.of(150, "Opening BINARY mode data connection for the listing of " + what + " ("
                    + text.length + " bytes)."));
            conns = source.open(1, security, timeoutMillis);
        } catch (IOException e) {
            return Reply.of(425, "Cannot open the data connection: " + e.getMessage()
                    + ". Check that the client can reach this server's data ports (or use PORT).");
        } finally {
            if (source != null) {
                source.close();
            }
        }
        DataConnection c = conns.get(0);
        try {
            if (extended) {
                c.write(header(0, text.length, 0));
                c.write(ByteBuffer.wrap(text));
                c.write(header(BlockSender.EOF | BlockSender.EOD | BlockSender.WILL_CLOSE, 0, 1));
            } else {
                c.write(ByteBuffer.wrap(text));
            }
            c.close();
        } catch (IOException e) {
            DataEndpoint.closeAll(conns);
            return Reply.of(426, "Connection closed; listing aborted: " + e.getMessage());
        }
        return Reply.of(226, "Transfer complete.");
    }

    private static ByteBuffer header(int descriptor, long count, long offset) {
        return ByteBuffer.allocate(BlockSender.HEADER).put((byte) descriptor).putLong(count).putLong(offset).flip();
    }
}
