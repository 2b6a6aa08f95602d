package io.safetyplane.filter.text;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NormaliserTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "fullwidth | ｎｕｄｅ | nude",
            "math bold | 𝐧𝐮𝐝𝐞 | nude",
            "circled | ⓝⓤⓓⓔ | nude",
            "negative squared | 🅽🆄🅳🅴 | nude",
            "zero width | n\u200Bu\u200Cd\u200De\u2060 | nude",
            "soft hyphen and bidi | nu\u00ADd\u202Ee | nude",
            "combining marks | n\u0301u\u0308d\u0336e\u0489 | nude",
            "accents | ñúdé | nude",
            "case | NuDe | nude",
            "hyphens and underscores | self-harm_now | self harm now",
    })
    void textViewFoldsCompatibilityCaseMarksAndIgnorables(String name, String input, String expected) {
        assertEquals(expected, Normaliser.views(input).text().text());
    }

    @Test
    void whitespaceCollapsesToOneSpace() {
        assertEquals("a b", Normaliser.views(" a \t\n\u3000 b ").text().text());
    }

    @Test
    void skeletonFoldsLookAlikeLettersIncludingThoseUts39LeavesAlone() {
        // Cyrillic а, е, о, р, с, х, у, і and к, т, м; Greek ο, ν, η
        Views v = Normaliser.views("\u0440\u043E\u0433\u043F \u0441\u0435\u0445 \u043A\u0456\u0434 \u03BD\u03BF\u03B7\u0435 \u0442\u043E\u043C");
        assertEquals("porn cex kid vone tom", v.skeleton().text());
        assertNull(Normaliser.views("plain ascii").skeleton(), "no skeleton view when nothing folds");
    }

    @Test
    void leetReadsDigitsAndSymbolsInsideWordsOnly() {
        assertEquals("porn nood ass 2024 sex!", Normaliser.views("p0rn n00d @$$ 2024 s3x!").leet().text());
        assertEquals("n a k e d", Normaliser.views("n.4.k.3.d").leet().text().replace('.', ' '));
        // i, l, 1 and ! fold into one letter so that "l0l1" and "loli" meet
        assertEquals(Normaliser.leetForm("loli"), Normaliser.views("l0l1").leet().text());
    }

    @Test
    void joinedViewRejoinsSpelledOutLettersAcrossSpacesDotsAndEmoji() {
        assertEquals("show me nude pics", Normaliser.views("show me n u d e pics").joined().text());
        assertEquals("porn", Normaliser.views("p.o.r.n").joined().text());
        assertEquals(Normaliser.joinedForm("self harm"), Normaliser.views("s🩸e🩸l🩸f🩸h🩸a🩸r🩸m").joined().text());
        assertNull(Normaliser.views("a cat on a mat").joined(), "no run of three single letters");
    }

    @Test
    void collapsedViewIsBuiltOnlyForStretchedWords() {
        assertEquals("nude", Normaliser.views("nuuuuude").collapsed().text());
        assertNull(Normaliser.views("a little bookkeeper").collapsed());
    }

    @Test
    void hangulVowelEchoesCollapse() {
        assertEquals("누드 사진", Normaliser.views("누우우우드 사진").collapsed().text());
        assertEquals("누드", Normaliser.views("누우드").collapsed().text());
    }

    @Test
    void concatViewKeepsLettersOnly() {
        assertEquals("chiidporn", Normaliser.views("chi1d p-o r n!").concat().text());
    }

    @Test
    void everyViewCharacterMapsBackToTheOriginalText() {
        String original = "Ｌｏｏｋ: n\u200Bu d e 𝐠𝐢𝐫𝐥 ѕеху!!";
        Views v = Normaliser.views(original);
        for (View view : new View[]{v.text(), v.skeleton(), v.leet(), v.joined(), v.concat()}) {
            if (view == null) {
                continue;
            }
            for (int i = 0; i < view.length(); i++) {
                int start = view.originalStart(i);
                int end = view.originalEnd(i + 1);
                assertTrue(start >= 0 && start < end && end <= original.length(), view.name() + " char " + i);
            }
        }
        View text = v.text();
        int at = text.text().indexOf("girl");
        assertEquals("𝐠𝐢𝐫𝐥", original.substring(text.originalStart(at), text.originalEnd(at + 4)));
    }
}
