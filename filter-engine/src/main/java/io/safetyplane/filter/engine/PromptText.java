package io.safetyplane.filter.engine;

import io.safetyplane.filter.engine.InvalidPromptException.Reason;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Checks that a prompt is text the filter can evaluate. */
public final class PromptText {

    private PromptText() {
    }

    /** Decodes UTF-8 strictly: malformed or overlong sequences and encoded surrogates are refused. */
    public static String decodeUtf8(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(in, out, true);
        if (result.isError()) {
            throw new InvalidPromptException(Reason.INVALID_UTF8,
                    "prompt is not valid UTF-8: bad byte sequence at byte offset " + in.position());
        }
        return out.flip().toString();
    }

    /**
     * Refuses a missing or empty prompt, one longer than {@code maxChars} UTF-16 units, lone surrogates
     * and control characters other than tab, line feed and carriage return.
     */
    public static void validate(String prompt, int maxChars) {
        if (prompt == null || prompt.isEmpty()) {
            throw new InvalidPromptException(Reason.EMPTY, "prompt is empty");
        }
        if (prompt.length() > maxChars) {
            throw new InvalidPromptException(Reason.TOO_LONG,
                    "prompt has " + prompt.length() + " characters; the limit is " + maxChars);
        }
        for (int i = 0; i < prompt.length(); i++) {
            char c = prompt.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < prompt.length() && Character.isLowSurrogate(prompt.charAt(i + 1))) {
                    i++;
                    continue;
                }
                throw loneSurrogate(c, i);
            }
            if (Character.isLowSurrogate(c)) {
                throw loneSurrogate(c, i);
            }
            if (Character.getType(c) == Character.CONTROL && c != '\t' && c != '\n' && c != '\r') {
                throw new InvalidPromptException(Reason.CONTROL_CHARACTER,
                        String.format("control character U+%04X at offset %d", (int) c, i));
            }
        }
    }

    private static InvalidPromptException loneSurrogate(char c, int at) {
        return new InvalidPromptException(Reason.LONE_SURROGATE,
                String.format("lone surrogate U+%04X at offset %d", (int) c, at));
    }
}
