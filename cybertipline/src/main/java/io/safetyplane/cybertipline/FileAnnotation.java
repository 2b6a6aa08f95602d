package io.safetyplane.cybertipline;

/** The flags of {@code fileDetails/fileAnnotations}; each is written as an empty element (fixed value true). */
public enum FileAnnotation {
    ANIME_DRAWING_VIRTUAL_HENTAI("animeDrawingVirtualHentai"),
    POTENTIAL_MEME("potentialMeme"),
    VIRAL("viral"),
    POSSIBLE_SELF_PRODUCTION("possibleSelfProduction"),
    PHYSICAL_HARM("physicalHarm"),
    VIOLENCE_GORE("violenceGore"),
    BESTIALITY("bestiality"),
    LIVE_STREAMING("liveStreaming"),
    INFANT("infant"),
    /** The file was made by a generative-AI model: for us, every model output. */
    GENERATIVE_AI("generativeAi");

    private final String element;

    FileAnnotation(String element) {
        this.element = element;
    }

    public String element() {
        return element;
    }
}
