package org.mdm.se.srm;

import java.util.List;
import java.util.Optional;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.srm.Xml;

/** Reading the parts of an SRM request, with an SRM_INVALID_REQUEST that names what is wrong. */
final class Requests {

    private Requests() {
    }

    /** The SURLs of {@code array} ({@code <arrayOfSURLs><urlArray>…}): at least one, at most {@code max}. */
    static List<String> surls(Xml request, String array, int max, String operation) throws MdmException {
        return bounded(request.texts(array, "urlArray"), array, max, operation);
    }

    /** The source SURLs of {@code arrayOfFileRequests/requestArray/sourceSURL}. */
    static List<String> sourceSurls(Xml request, int max, String operation) throws MdmException {
        List<String> found = request.child("arrayOfFileRequests").map(a -> a.all("requestArray").stream()
                .map(r -> r.textOf("sourceSURL").orElse("")).toList()).orElse(List.of());
        if (found.contains("")) {
            throw new MdmException(Status.INVALID_REQUEST, operation + ": a file request has no sourceSURL");
        }
        return bounded(found, "arrayOfFileRequests", max, operation);
    }

    private static List<String> bounded(List<String> found, String array, int max, String operation)
            throws MdmException {
        if (found.isEmpty()) {
            throw new MdmException(Status.INVALID_REQUEST, operation + ": " + array + " is missing or empty;"
                    + " name at least one SURL");
        }
        return atMost(found, max, operation);
    }

    /** {@code found}, refused when it holds more than {@code max} SURLs (it may be empty). */
    static List<String> atMost(List<String> found, int max, String operation) throws MdmException {
        if (found.size() > max) {
            throw new MdmException(Status.INVALID_REQUEST, operation + ": " + found.size() + " SURLs in one request;"
                    + " this SE takes at most " + max + ": split the request");
        }
        return found;
    }

    /** The request token: required where the operation needs it. */
    static String token(Xml request, String operation) throws MdmException {
        return request.textOf("requestToken").orElseThrow(() -> new MdmException(Status.INVALID_REQUEST,
                operation + ": requestToken is missing; give the token srmPrepareToGet or srmBringOnline returned"));
    }

    static Optional<String> optionalToken(Xml request) {
        return request.textOf("requestToken");
    }

    static int integer(Xml request, String name, int absent) throws MdmException {
        Optional<String> text = request.textOf(name);
        if (text.isEmpty()) {
            return absent;
        }
        try {
            return Integer.parseInt(text.get());
        } catch (NumberFormatException e) {
            throw new MdmException(Status.INVALID_REQUEST, name + " must be an integer, not '" + cut(text.get()) + "'");
        }
    }

    static boolean bool(Xml request, String name, boolean absent) throws MdmException {
        Optional<String> text = request.textOf(name);
        if (text.isEmpty()) {
            return absent;
        }
        return switch (text.get()) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw new MdmException(Status.INVALID_REQUEST, name + " must be true or false, not '"
                    + cut(text.get()) + "'");
        };
    }

    private static String cut(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
