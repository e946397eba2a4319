package org.mdm.se.gridftp;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/** The address forms of PORT/PASV (RFC 959) and EPRT/EPSV (RFC 2428). */
final class Addresses {
    private Addresses() {
    }

    /** {@code h1,h2,h3,h4,p1,p2}. */
    static InetSocketAddress parsePort(String arg) throws MdmException {
        String[] f = arg.trim().split(",");
        if (f.length != 6) {
            throw bad("PORT", arg, "h1,h2,h3,h4,p1,p2");
        }
        byte[] ip = new byte[4];
        int[] p = new int[2];
        try {
            for (int i = 0; i < 6; i++) {
                int v = Integer.parseInt(f[i].trim());
                if (v < 0 || v > 255) {
                    throw bad("PORT", arg, "numbers 0..255");
                }
                if (i < 4) {
                    ip[i] = (byte) v;
                } else {
                    p[i - 4] = v;
                }
            }
            return new InetSocketAddress(InetAddress.getByAddress(ip), p[0] * 256 + p[1]);
        } catch (NumberFormatException | UnknownHostException e) {
            throw bad("PORT", arg, "h1,h2,h3,h4,p1,p2");
        }
    }

    /** {@code |proto|address|port|} with any delimiter. */
    static InetSocketAddress parseEprt(String arg) throws MdmException {
        String a = arg.trim();
        if (a.length() < 7) {
            throw bad("EPRT", arg, "|1|<IPv4>|<port>| or |2|<IPv6>|<port>|");
        }
        String[] f = a.substring(1).split(java.util.regex.Pattern.quote(a.substring(0, 1)), -1);
        if (f.length != 4 || !(f[0].equals("1") || f[0].equals("2"))) {
            throw bad("EPRT", arg, "|1|<IPv4>|<port>| or |2|<IPv6>|<port>|");
        }
        try {
            // A literal only: the client must not make us resolve host names.
            if (!f[1].matches("[0-9a-fA-F:.]+")) {
                throw bad("EPRT", arg, "a numeric address");
            }
            int port = Integer.parseInt(f[2]);
            if (port < 1 || port > 65535) {
                throw bad("EPRT", arg, "a port 1..65535");
            }
            return new InetSocketAddress(InetAddress.getByName(f[1]), port);
        } catch (NumberFormatException | UnknownHostException e) {
            throw bad("EPRT", arg, "|1|<IPv4>|<port>|");
        }
    }

    /** The 227 reply text for a listener on {@code address:port}. */
    static String pasvText(InetAddress address, int port) {
        byte[] ip = address instanceof Inet4Address ? address.getAddress() : new byte[] {127, 0, 0, 1};
        return String.format("Entering Passive Mode (%d,%d,%d,%d,%d,%d)", ip[0] & 255, ip[1] & 255, ip[2] & 255,
                ip[3] & 255, port >> 8, port & 255);
    }

    private static MdmException bad(String verb, String arg, String expected) {
        return new MdmException(Status.INVALID_REQUEST, verb + " '" + arg + "': expected " + expected + ".");
    }
}
