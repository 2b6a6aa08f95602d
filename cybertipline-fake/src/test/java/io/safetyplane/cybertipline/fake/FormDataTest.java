package io.safetyplane.cybertipline.fake;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FormDataTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void multipartWithAQuotedBoundaryAndBinaryContent() throws Exception {
        String body = "preamble\r\n--a b\r\nContent-Disposition: form-data; name=\"id\"\r\n\r\n17\r\n"
                + "--a b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.bin\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n\u0000\r\n--a\u00ff\r\n--a b--\r\n";
        Map<String, FormData.Part> parts = FormData.parse("multipart/form-data; boundary=\"a b\"", bytes(body));
        assertEquals("17", parts.get("id").text());
        assertNull(parts.get("id").filename());
        assertEquals("x.bin", parts.get("file").filename());
        assertArrayEquals(bytes("\u0000\r\n--a\u00ff"), parts.get("file").content());
    }

    @Test
    void urlEncodedFields() throws Exception {
        Map<String, FormData.Part> fields = FormData.parse("application/x-www-form-urlencoded",
                bytes("id=42&note=a%20b+c&empty&id=43"));
        assertEquals("42", fields.get("id").text());
        assertEquals("a b c", fields.get("note").text());
        assertEquals("", fields.get("empty").text());
    }

    @Test
    void malformedBodiesAreInvalidRequests() {
        for (String[] c : new String[][] {
                {"multipart/form-data", "--b\r\n\r\nx\r\n--b--"},
                {"multipart/form-data; boundary=b", "no boundary here"},
                {"multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; name=\"id\"\r\n\r\n1"},
                {"multipart/form-data; boundary=b", "--b\r\nContent-Type: text/plain\r\n\r\n1\r\n--b--"},
                {"multipart/form-data; boundary=b", "--bX"},
                {"text/xml", "<id>1</id>"},
                {null, "id=1"}}) {
            IspwsError e = assertThrows(IspwsError.class, () -> FormData.parse(c[0], bytes(c[1])), c[1]);
            assertEquals(ResponseCodes.INVALID_REQUEST, e.code());
        }
    }
}
