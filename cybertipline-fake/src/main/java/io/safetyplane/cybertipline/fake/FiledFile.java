package io.safetyplane.cybertipline.fake;

/**
 * A file uploaded to a report: the id the fake gave it, the multipart file name, the size and MD5 (hex) of the bytes,
 * and the {@code <fileDetails>} sent for it ({@code null} when no {@code /fileinfo} was sent).
 */
public record FiledFile(String fileId, String fileName, long size, String md5, String fileDetailsXml) {
}
