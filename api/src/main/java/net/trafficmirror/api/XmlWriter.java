package net.trafficmirror.api;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Writes the EC2 Query protocol's response XML: nested elements, text content escaped, no attributes but the
 * namespace on the root. Absent values are left out, as EC2 leaves out unset members.
 */
public final class XmlWriter {
    public static final String EC2_NAMESPACE = "http://ec2.amazonaws.com/doc/2016-11-15/";

    private final StringBuilder out = new StringBuilder(1024);
    private final Deque<String> open = new ArrayDeque<>();

    private XmlWriter(boolean document) {
        if (document) out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    }

    /** A whole response document, starting with the XML declaration. */
    public static XmlWriter document() { return new XmlWriter(true); }

    /** A fragment to be inserted into a document later with {@link #raw}. */
    public static XmlWriter fragment() { return new XmlWriter(false); }

    /** Opens the document's root element in the EC2 namespace. */
    public XmlWriter root(String name) {
        out.append('<').append(name).append(" xmlns=\"").append(EC2_NAMESPACE).append("\">");
        open.push(name);
        return this;
    }

    public XmlWriter start(String name) {
        out.append('<').append(name).append('>');
        open.push(name);
        return this;
    }

    public XmlWriter end() {
        out.append("</").append(open.pop()).append('>');
        return this;
    }

    /** {@code <name>value</name>}, or nothing when value is null. */
    public XmlWriter element(String name, Object value) {
        if (value == null) return this;
        out.append('<').append(name).append('>');
        escape(String.valueOf(value));
        out.append("</").append(name).append('>');
        return this;
    }

    /** Inserts an already written fragment (for example a stored idempotent response). */
    public XmlWriter raw(String fragment) {
        out.append(fragment);
        return this;
    }

    public String finish() {
        while (!open.isEmpty()) end();
        return out.toString();
    }

    private void escape(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\r' -> out.append("&#13;");
                default -> {
                    // XML 1.0 has no way to carry other control characters, not even as references.
                    out.append(c < 0x20 && c != '\n' && c != '\t' ? '\uFFFD' : c);
                }
            }
        }
    }
}
