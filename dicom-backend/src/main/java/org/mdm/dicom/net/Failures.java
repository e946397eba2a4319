package org.mdm.dicom.net;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/**
 * Turns what went wrong on the wire into the one typed exception, with a message that names
 * the server ({@code AET@host:port}), the object, and what to check. UIDs only, never values.
 */
final class Failures {
    private final RetrieverConfig config;
    private final String verb;
    private final String noun;

    /** Failures of retrievals ("Cannot retrieve …", "Retrieval of … failed"). */
    Failures(RetrieverConfig config) {
        this(config, "retrieve", "Retrieval");
    }

    /** Failures of another operation, e.g. ("store", "Storing") for the Store SCU. */
    Failures(RetrieverConfig config, String verb, String noun) {
        this.config = config;
        this.verb = verb;
        this.noun = noun;
    }

    /** A failure to obtain an association (connect, negotiate). */
    MdmException opening(DicomNode node, String what, Throwable e) {
        if (e instanceof MdmException m) {
            return m;
        }
        if (e instanceof AssociationRejectedException) {
            return new MdmException(Status.PEER_UNAVAILABLE, "Cannot " + verb + " " + what + ": DICOM server " + node
                    + " " + MdmException.describe(e) + ". Check that it accepts calling AE title " + config.callingAet()
                    + " from this host and that its AE title is " + node.aet() + ".", e);
        }
        if (e instanceof SocketTimeoutException) {
            return new MdmException(Status.TIMEOUT, "Cannot " + verb + " " + what + ": DICOM server " + node
                    + " accepted the TCP connection but did not answer the association request within "
                    + seconds(config.readTimeout()) + ". Check that a DICOM server (not another service) listens"
                    + " on that port.", e);
        }
        if (e instanceof ConnectException || e instanceof NoRouteToHostException
                || e instanceof UnknownHostException) {
            return new MdmException(Status.PEER_UNAVAILABLE, "Cannot " + verb + " " + what + ": cannot connect to"
                    + " DICOM server " + node + " (" + MdmException.describe(e) + "). Check that the server runs and listens"
                    + " on " + node.host() + ":" + node.port() + " and that no firewall blocks it.", e);
        }
        return new MdmException(Status.PEER_UNAVAILABLE, "Cannot " + verb + " " + what + ": association with DICOM"
                + " server " + node + " failed (" + e + "). Check the server's log.", e);
    }

    /** A failure on an established association. */
    MdmException during(DicomNode node, String what, AbortReason reason, Duration timeout, IOException e) {
        if (reason == AbortReason.TIMEOUT) {
            return timeout(node, what, timeout, e);
        }
        if (reason == AbortReason.CANCELLED) {
            return cancelled(node, what);
        }
        if (reason == AbortReason.SHUTDOWN) {
            return new MdmException(Status.PEER_UNAVAILABLE, noun + " of " + what + " from " + node
                    + " stopped: the retriever is closing.", e);
        }
        if (e instanceof SocketTimeoutException) {
            return new MdmException(Status.TIMEOUT, noun + " of " + what + " from DICOM server " + node
                    + " timed out: nothing received for " + seconds(config.readTimeout())
                    + " (read timeout). The server may be overloaded or stuck.", e);
        }
        return new MdmException(Status.PEER_UNAVAILABLE, noun + " of " + what + " from DICOM server " + node
                + " failed: the association broke (" + MdmException.describe(e) + "). Check the server's log.", e);
    }

    MdmException timeout(DicomNode node, String what, Duration timeout, Throwable cause) {
        return new MdmException(Status.TIMEOUT, noun + " of " + what + " from DICOM server " + node
                + " did not finish within " + seconds(timeout) + "; the association was aborted.", cause);
    }

    MdmException cancelled(DicomNode node, String what) {
        return new MdmException(Status.CANCELLED, noun + " of " + what + " from DICOM server " + node
                + " was cancelled; the association was aborted.");
    }

    MdmException corrupt(DicomNode node, String what, Exception e) {
        return new MdmException(Status.CORRUPT_DATA, "DICOM server " + node + " sent a bad object for " + what
                + ": " + MdmException.describe(e) + ". The object was discarded.", e);
    }

    MdmException unsupported(DicomNode node, String what, UnsupportedServiceException e) {
        return new MdmException(Status.NOT_SUPPORTED, "Cannot " + verb + " " + what + ": DICOM server " + node + " "
                + MdmException.describe(e) + ". Configure the other retrieve method (GET/MOVE) for this server.", e);
    }

    /** The retrieve ended without the object. */
    MdmException missing(DicomNode node, String what, String operation, RetrieveOutcome o) {
        if (o.status() == 0xA801) {
            return new MdmException(Status.CONFIGURATION_ERROR, "Cannot " + verb + " " + what + ": DICOM server "
                    + node + " does not know move destination " + config.storeScpAet() + ". Add it (AE title "
                    + config.storeScpAet() + ", this host, our Store SCP port) to the server's modalities.");
        }
        if (o.failed() > 0) {
            return new MdmException(Status.NOT_SUPPORTED, "Cannot " + verb + " " + what + ": DICOM server " + node
                    + " failed to send it (" + operation + " status " + o.statusText() + ", " + o.failed()
                    + " failed sub-operations" + comment(o) + "). " + hint(operation));
        }
        return new MdmException(Status.NOT_FOUND, capitalize(what) + " not found on " + node + " (" + operation
                + " status " + o.statusText() + ", " + o.completed() + " sub-operations completed" + comment(o) + ").");
    }

    /**
     * What to try next, for the method actually used: by C-GET the server can only send over
     * the contexts MDM proposed, which C-MOVE does not depend on; by C-MOVE the server chose
     * the contexts itself when it called MDM's Store SCP.
     */
    private String hint(String operation) {
        if ("C-MOVE".equals(operation)) {
            return "The server could not send it to MDM's Store SCP " + config.storeScpAet() + " (its SOP class or"
                    + " transfer syntax may be one the server cannot send or convert); check the server's log, or"
                    + " configure C-GET for this server.";
        }
        return "Its SOP class or transfer syntax may be outside the presentation contexts MDM proposes; C-MOVE"
                + " avoids that limit.";
    }

    /** The retrieve and the single-syntax retries all failed to convert the object. */
    MdmException cannotConvert(DicomNode node, String what, String operation, RetrieveOutcome o) {
        return new MdmException(Status.NOT_SUPPORTED, "Cannot " + verb + " " + what + ": DICOM server " + node
                + " failed to send it (" + operation + " status " + o.statusText() + comment(o) + "), and again by"
                + " C-GET offering each compressed transfer syntax alone: the server cannot send it in any syntax"
                + " MDM accepts. Check the server's log for the object's transfer syntax.");
    }

    private static String comment(RetrieveOutcome o) {
        return o.errorComment() == null || o.errorComment().isEmpty() ? "" : ": " + o.errorComment();
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
    }
}
