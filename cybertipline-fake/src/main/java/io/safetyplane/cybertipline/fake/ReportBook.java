package io.safetyplane.cybertipline.fake;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The reports the fake holds and their lifecycle. An unfinished report is deleted 24 h after it was opened or 1 h
 * after its last change, whichever is later; a deleted report, like one never opened, is 5001. Finished and retracted
 * reports stay, so a second finish or retract answers 5102 or 5101.
 */
final class ReportBook {
    static final Duration OPEN_LIFETIME = Duration.ofHours(24);
    static final Duration IDLE_LIFETIME = Duration.ofHours(1);

    enum State { OPEN, FINISHED, RETRACTED, EXPIRED }

    private static final class Report {
        final long id;
        final String xml;
        final Instant opened;
        final Map<String, FiledFile> files = new LinkedHashMap<>();
        Instant lastChange;
        Instant finished;
        State state = State.OPEN;

        Report(long id, String xml, Instant opened) {
            this.id = id;
            this.xml = xml;
            this.opened = opened;
            this.lastChange = opened;
        }

        Instant deadline() {
            Instant byAge = opened.plus(OPEN_LIFETIME);
            Instant byIdle = lastChange.plus(IDLE_LIFETIME);
            return byAge.isAfter(byIdle) ? byAge : byIdle;
        }
    }

    private final Clock clock;
    private final long firstReportId;
    private final Map<Long, Report> reports = new LinkedHashMap<>();
    private long nextReportId;

    ReportBook(Clock clock, long firstReportId) {
        this.clock = clock;
        this.firstReportId = firstReportId;
        this.nextReportId = firstReportId;
    }

    synchronized long open(byte[] reportXml) {
        long id = nextReportId++;
        reports.put(id, new Report(id, new String(reportXml, StandardCharsets.UTF_8), clock.instant()));
        return id;
    }

    /** Adds a file to an open report; answers the new file. */
    synchronized FiledFile upload(long reportId, String fileName, byte[] bytes) throws IspwsError {
        Report report = changeable(reportId);
        String fileId = UUID.randomUUID().toString().replace("-", "");
        FiledFile file = new FiledFile(fileId, fileName, bytes.length, md5(bytes), null);
        report.files.put(fileId, file);
        report.lastChange = clock.instant();
        return file;
    }

    synchronized void describe(long reportId, String fileId, byte[] fileDetailsXml) throws IspwsError {
        Report report = changeable(reportId);
        FiledFile file = report.files.get(fileId);
        if (file == null) {
            throw new IspwsError(ResponseCodes.FILE_DOES_NOT_EXIST, reportId,
                    "report " + reportId + " has no file " + fileId);
        }
        report.files.put(fileId, new FiledFile(file.fileId(), file.fileName(), file.size(), file.md5(),
                new String(fileDetailsXml, StandardCharsets.UTF_8)));
        report.lastChange = clock.instant();
    }

    /** Files the report; answers its file ids. */
    synchronized List<String> finish(long reportId) throws IspwsError {
        Report report = changeable(reportId);
        report.state = State.FINISHED;
        report.finished = clock.instant();
        return List.copyOf(report.files.keySet());
    }

    synchronized void retract(long reportId) throws IspwsError {
        changeable(reportId).state = State.RETRACTED;
    }

    /** Deletes every open report now, as if its deadline had passed. */
    synchronized void expireOpen() {
        reports.values().stream().filter(r -> r.state == State.OPEN).forEach(r -> r.state = State.EXPIRED);
    }

    synchronized List<FinishedReport> finished() {
        List<FinishedReport> out = new ArrayList<>();
        for (Report r : reports.values()) {
            if (r.state == State.FINISHED) {
                out.add(new FinishedReport(r.id, r.xml, new ArrayList<>(r.files.values()), r.finished));
            }
        }
        return out;
    }

    synchronized Set<Long> ids(State wanted) {
        reports.values().forEach(this::expireIfDue);
        return reports.values().stream().filter(r -> r.state == wanted).map(r -> r.id)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    synchronized void clear() {
        reports.clear();
        nextReportId = firstReportId;
    }

    /** The report if it is open; otherwise the code the real service answers. */
    private Report changeable(long reportId) throws IspwsError {
        Report report = reports.get(reportId);
        if (report != null) {
            expireIfDue(report);
        }
        if (report == null || report.state == State.EXPIRED) {
            throw new IspwsError(ResponseCodes.REPORT_DOES_NOT_EXIST, reportId,
                    report == null ? "no report " + reportId : "report " + reportId + " expired unfinished");
        }
        if (report.state == State.FINISHED) {
            throw new IspwsError(ResponseCodes.ALREADY_FINISHED, reportId, "report " + reportId + " is finished");
        }
        if (report.state == State.RETRACTED) {
            throw new IspwsError(ResponseCodes.ALREADY_RETRACTED, reportId, "report " + reportId + " is retracted");
        }
        return report;
    }

    private void expireIfDue(Report report) {
        if (report.state == State.OPEN && !clock.instant().isBefore(report.deadline())) {
            report.state = State.EXPIRED;
        }
    }

    private static String md5(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has MD5", e);
        }
    }
}
