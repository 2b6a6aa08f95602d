package io.safetyplane.cybertipline;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The {@code <fileDetails>} sent to {@code /fileinfo} for one uploaded file. The three flags are required here
 * (optional in the XSD) because they must be stated truthfully for every file: when the provider did not view a
 * file, law enforcement needs a warrant to open it.
 *
 * @param reportId from {@code /submit}
 * @param fileId from {@code /upload}
 * @param fileName the name we stored the file under, or null
 * @param originalFileName the name the user gave the file, or null
 * @param uploadedToEspTimestamp when the file reached us, or null
 * @param fileViewedByEsp whether a person at the provider viewed the file
 * @param exifViewedByEsp whether a person at the provider viewed its EXIF data
 * @param publiclyAvailable whether the file was publicly reachable
 * @param relevance {@code fileRelevance}, or null
 * @param annotations {@code fileAnnotations}, for example {@link FileAnnotation#GENERATIVE_AI} for model outputs
 * @param originalFileHashes hashes of the file as uploaded
 * @param ipCaptureEvent the IP the file came from, or null
 * @param additionalInfo free texts
 */
public record FileDetails(long reportId, String fileId, String fileName, String originalFileName, Instant uploadedToEspTimestamp,
        boolean fileViewedByEsp, boolean exifViewedByEsp, boolean publiclyAvailable, Relevance relevance,
        Set<FileAnnotation> annotations, List<FileHash> originalFileHashes, IpCaptureEvent ipCaptureEvent, List<String> additionalInfo) {

    /** The XSD's {@code fileRelevance}. */
    public enum Relevance {
        REPORTED("Reported"), SUPPLEMENTAL_REPORTED("Supplemental Reported");

        private final String xml;

        Relevance(String xml) {
            this.xml = xml;
        }

        public String xml() {
            return xml;
        }
    }

    public FileDetails {
        if (reportId <= 0) {
            throw new IllegalArgumentException("fileDetails/reportId must be a positive report id, got " + reportId);
        }
        Require.text(fileId, "fileDetails/fileId");
        Require.optionalText(fileName, "fileDetails/fileName");
        Require.optionalText(originalFileName, "fileDetails/originalFileName");
        annotations = Set.copyOf(Require.present(annotations, "fileDetails/fileAnnotations"));
        originalFileHashes = Require.list(originalFileHashes, "fileDetails/originalFileHash");
        additionalInfo = Require.list(additionalInfo, "fileDetails/additionalInfo");
        for (String info : additionalInfo) {
            Require.text(info, "fileDetails/additionalInfo");
        }
    }
}
