package io.safetyplane.cybertipline.job;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import io.safetyplane.cybertipline.FileAnnotation;
import io.safetyplane.cybertipline.FileDetails;
import io.safetyplane.cybertipline.FileHash;
import io.safetyplane.cybertipline.IpCaptureEvent;

/**
 * What the report says about one file: {@link FileDetails} without the ids NCMEC assigns ({@code reportId} from
 * {@code /submit}, {@code fileId} from {@code /upload}) and without the stored name, which is the {@link ReportFile}'s.
 * The fields are those of {@link FileDetails}, which checks them.
 */
public record FileFacts(String originalFileName, Instant uploadedToEspTimestamp, boolean fileViewedByEsp, boolean exifViewedByEsp,
        boolean publiclyAvailable, FileDetails.Relevance relevance, Set<FileAnnotation> annotations, List<FileHash> originalFileHashes,
        IpCaptureEvent ipCaptureEvent, List<String> additionalInfo) {

    /** The {@code <fileDetails>} for {@code fileName}, uploaded as {@code fileId} to report {@code reportId}. */
    public FileDetails details(long reportId, String fileId, String fileName) {
        return new FileDetails(reportId, fileId, fileName, originalFileName, uploadedToEspTimestamp, fileViewedByEsp, exifViewedByEsp,
                publiclyAvailable, relevance, annotations, originalFileHashes, ipCaptureEvent, additionalInfo);
    }
}
