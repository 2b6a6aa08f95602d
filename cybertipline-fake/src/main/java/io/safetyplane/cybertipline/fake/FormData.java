package io.safetyplane.cybertipline.fake;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Form bodies: {@code multipart/form-data} (RFC 7578) and {@code application/x-www-form-urlencoded}. */
final class FormData {
    private static final Pattern BOUNDARY = Pattern.compile("(?i);\\s*boundary=(\"([^\"]+)\"|[^;\\s]+)");
    private static final Pattern NAME = Pattern.compile("(?i);\\s*name=\"([^\"]*)\"");
    private static final Pattern FILENAME = Pattern.compile("(?i);\\s*filename=\"([^\"]*)\"");

    /** One field; {@code filename} is null for a plain field. */
    record Part(String name, String filename, byte[] content) {
        String text() {
            return new String(content, StandardCharsets.UTF_8).trim();
        }
    }

    private FormData() {
    }

    /** The fields of a multipart or URL-encoded body, by name (the first of a repeated name wins). */
    static Map<String, Part> parse(String contentType, byte[] body) throws IspwsError {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (type.startsWith("multipart/form-data")) {
            return multipart(contentType, body);
        }
        if (type.startsWith("application/x-www-form-urlencoded")) {
            return urlEncoded(body);
        }
        throw new IspwsError(ResponseCodes.INVALID_REQUEST, "expected a form body, got Content-Type " + contentType);
    }

    private static Map<String, Part> urlEncoded(byte[] body) {
        Map<String, Part> fields = new LinkedHashMap<>();
        for (String pair : new String(body, StandardCharsets.US_ASCII).split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            fields.putIfAbsent(name, new Part(name, null, value.getBytes(StandardCharsets.UTF_8)));
        }
        return fields;
    }

    private static Map<String, Part> multipart(String contentType, byte[] body) throws IspwsError {
        Matcher m = BOUNDARY.matcher(contentType);
        if (!m.find()) {
            throw new IspwsError(ResponseCodes.INVALID_REQUEST, "multipart/form-data without a boundary");
        }
        String boundary = m.group(2) != null ? m.group(2) : m.group(1);
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
        byte[] nextDelimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
        byte[] headerEnd = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        Map<String, Part> parts = new LinkedHashMap<>();
        int at = indexOf(body, delimiter, 0);
        if (at < 0) {
            throw malformed("no opening boundary");
        }
        at += delimiter.length;
        while (true) {
            if (startsWith(body, at, "--")) {
                return parts;
            }
            if (!startsWith(body, at, "\r\n")) {
                throw malformed("a boundary is not followed by CRLF");
            }
            int headersStart = at + 2;
            int headersEnd = indexOf(body, headerEnd, headersStart);
            if (headersEnd < 0) {
                throw malformed("a part's headers do not end");
            }
            int contentStart = headersEnd + headerEnd.length;
            int contentEnd = indexOf(body, nextDelimiter, contentStart);
            if (contentEnd < 0) {
                throw malformed("a part does not end with a boundary; the body is truncated");
            }
            String headers = new String(body, headersStart, headersEnd - headersStart, StandardCharsets.UTF_8);
            Part part = part(headers, Arrays.copyOfRange(body, contentStart, contentEnd));
            parts.putIfAbsent(part.name(), part);
            at = contentEnd + nextDelimiter.length;
        }
    }

    private static Part part(String headers, byte[] content) throws IspwsError {
        for (String line : headers.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-disposition:")) {
                Matcher name = NAME.matcher(line);
                if (!name.find()) {
                    throw malformed("a Content-Disposition without a name");
                }
                Matcher filename = FILENAME.matcher(line);
                return new Part(name.group(1), filename.find() ? filename.group(1) : null, content);
            }
        }
        throw malformed("a part without Content-Disposition");
    }

    private static IspwsError malformed(String why) {
        return new IspwsError(ResponseCodes.INVALID_REQUEST, "malformed multipart body: " + why);
    }

    private static boolean startsWith(byte[] body, int at, String prefix) {
        if (at + prefix.length() > body.length) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (body[at + i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] body, byte[] needle, int from) {
        outer:
        for (int i = from; i <= body.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (body[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
