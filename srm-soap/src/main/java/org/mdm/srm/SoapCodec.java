package org.mdm.srm;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.XMLStreamWriter;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/**
 * SOAP 1.1 rpc/encoded as the SRM v2.2 WSDL and gfal2's gSOAP client use it, read and written with
 * StAX: no maintained Java SOAP stack speaks rpc/encoded (PROTOCOLS.md). A request is an envelope
 * whose Body holds one element in the SRM namespace (the operation), holding one part (its
 * request type); the operation is taken from that element, never from SOAPAction. DTDs and
 * external entities are refused, depth and element count are bounded: a request is untrusted.
 */
public final class SoapCodec {
    public static final String SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/";
    public static final String SOAP_ENC = "http://schemas.xmlsoap.org/soap/encoding/";
    public static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";
    public static final String XSD = "http://www.w3.org/2001/XMLSchema";
    public static final String SRM = "http://srm.lbl.gov/StorageResourceManager";

    private static final int MAX_DEPTH = 32;
    private static final int MAX_ELEMENTS = 200_000;

    private final XMLInputFactory inputs;
    private final XMLOutputFactory outputs = XMLOutputFactory.newFactory();

    public SoapCodec() {
        inputs = XMLInputFactory.newFactory();
        inputs.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        inputs.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        inputs.setProperty(XMLInputFactory.IS_COALESCING, true);
        inputs.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    }

    /** One SRM call: the operation's local name ({@code srmLs}) and its request part. */
    public record Call(String operation, Xml request) {
    }

    /**
     * Reads one envelope: a request (the operation and its part), or a response (the operation's
     * response element and the part inside it); a SOAP fault is thrown with its faultstring.
     *
     * @throws MdmException INVALID_REQUEST naming what is wrong (not XML, not SOAP 1.1, no
     *                      operation, another namespace, too deep)
     */
    public Call read(byte[] body) throws MdmException {
        try {
            XMLStreamReader r = inputs.createXMLStreamReader(new ByteArrayInputStream(body));
            try {
                return readEnvelope(r);
            } finally {
                r.close();
            }
        } catch (XMLStreamException | RuntimeException e) {
            throw invalid("the request is not well-formed XML (" + firstLine(e.getMessage()) + ")");
        }
    }

    private Call readEnvelope(XMLStreamReader r) throws XMLStreamException, MdmException {
        nextElement(r);
        if (!SOAP_ENV.equals(r.getNamespaceURI()) || !"Envelope".equals(r.getLocalName())) {
            throw invalid("the request is not a SOAP 1.1 envelope (root element {" + r.getNamespaceURI() + "}"
                    + r.getLocalName() + ")");
        }
        nextElement(r);
        if (SOAP_ENV.equals(r.getNamespaceURI()) && "Header".equals(r.getLocalName())) {
            skip(r);
            nextElement(r);
        }
        if (!SOAP_ENV.equals(r.getNamespaceURI()) || !"Body".equals(r.getLocalName())) {
            throw invalid("the SOAP envelope has no Body");
        }
        if (!nextElementOrEnd(r)) {
            throw invalid("the SOAP Body names no operation");
        }
        if (SOAP_ENV.equals(r.getNamespaceURI()) && "Fault".equals(r.getLocalName())) {
            Xml fault = readTree(r, 1, new int[1]);
            throw new MdmException(Status.INVALID_REQUEST, "the SRM server answered with a SOAP fault: "
                    + fault.textOf("faultstring").orElse("(no faultstring)"));
        }
        if (!SRM.equals(r.getNamespaceURI())) {
            throw invalid("operation " + r.getLocalName() + " is in namespace '" + r.getNamespaceURI()
                    + "'; SRM v2.2 operations are in " + SRM);
        }
        String operation = r.getLocalName();
        Xml op = readTree(r, 1, new int[1]);
        Xml request = op.children().isEmpty() ? op : op.children().get(0);
        return new Call(operation, request);
    }

    /** Reads the element the reader is on, with everything in it; leaves the reader on its end. */
    private Xml readTree(XMLStreamReader r, int depth, int[] count) throws XMLStreamException, MdmException {
        if (depth > MAX_DEPTH || ++count[0] > MAX_ELEMENTS) {
            throw invalid("the request is nested deeper than " + MAX_DEPTH + " or has more than " + MAX_ELEMENTS
                    + " elements");
        }
        Xml node = Xml.parsed(r.getLocalName());
        StringBuilder text = new StringBuilder();
        while (true) {
            int event = r.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                boolean nil = "true".equals(r.getAttributeValue(XSI, "nil"));
                Xml child = readTree(r, depth + 1, count);
                if (!nil) {
                    node.add(child);
                }
            } else if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA) {
                text.append(r.getText());
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                return node.children().isEmpty() ? node.withText(text.toString()) : node;
            }
        }
    }

    private static void nextElement(XMLStreamReader r) throws XMLStreamException, MdmException {
        if (!nextElementOrEnd(r)) {
            throw invalid("the SOAP envelope ends early");
        }
    }

    /** Moves to the next start element; false at an end element or the end of the document. */
    private static boolean nextElementOrEnd(XMLStreamReader r) throws XMLStreamException {
        while (r.hasNext()) {
            int event = r.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                return true;
            }
            if (event == XMLStreamConstants.END_ELEMENT) {
                return false;
            }
        }
        return false;
    }

    private static void skip(XMLStreamReader r) throws XMLStreamException {
        for (int depth = 1; depth > 0; ) {
            int event = r.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
    }

    /** The request envelope of {@code operation} ({@code srmLs}) holding its part {@code request}. */
    public byte[] request(String operation, Xml request) {
        return envelope(w -> {
            w.writeStartElement("srm", operation, SRM);
            write(w, request);
            w.writeEndElement();
        });
    }

    /** The response envelope of {@code operation} ({@code srmLs}) holding {@code response}. */
    public byte[] response(String operation, Xml response) {
        return envelope(w -> {
            w.writeStartElement("srm", operation + "Response", SRM);
            write(w, response);
            w.writeEndElement();
        });
    }

    /** A SOAP fault: {@code client} says whether the request was at fault (else the server). */
    public byte[] fault(boolean client, String message) {
        return envelope(w -> {
            w.writeStartElement("SOAP-ENV", "Fault", SOAP_ENV);
            element(w, "faultcode", client ? "SOAP-ENV:Client" : "SOAP-ENV:Server");
            element(w, "faultstring", message);
            w.writeEndElement();
        });
    }

    private interface BodyWriter {
        void write(XMLStreamWriter w) throws XMLStreamException;
    }

    private byte[] envelope(BodyWriter body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try {
            XMLStreamWriter w = outputs.createXMLStreamWriter(out, "UTF-8");
            w.writeStartDocument("UTF-8", "1.0");
            w.writeStartElement("SOAP-ENV", "Envelope", SOAP_ENV);
            w.writeNamespace("SOAP-ENV", SOAP_ENV);
            w.writeNamespace("SOAP-ENC", SOAP_ENC);
            w.writeNamespace("xsi", XSI);
            w.writeNamespace("xsd", XSD);
            w.writeNamespace("srm", SRM);
            w.writeStartElement("SOAP-ENV", "Body", SOAP_ENV);
            w.writeAttribute("SOAP-ENV", SOAP_ENV, "encodingStyle", SOAP_ENC);
            body.write(w);
            w.writeEndElement();
            w.writeEndElement();
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("writing SOAP to memory cannot fail: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    private static void write(XMLStreamWriter w, Xml node) throws XMLStreamException {
        if (node.text() != null) {
            element(w, node.name(), node.text());
            return;
        }
        w.writeStartElement(node.name());
        for (Xml c : node.children()) {
            write(w, c);
        }
        w.writeEndElement();
    }

    private static void element(XMLStreamWriter w, String name, String text) throws XMLStreamException {
        w.writeStartElement(name);
        w.writeCharacters(text);
        w.writeEndElement();
    }

    private static MdmException invalid(String why) {
        return new MdmException(Status.INVALID_REQUEST, why);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "no detail";
        }
        String line = s.lines().findFirst().orElse(s);
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
