package io.safetyplane.enforcement.transparency;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.safetyplane.enforcement.transparency.TransparencyReport.Figure;
import io.safetyplane.enforcement.transparency.TransparencyReport.Section;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Computes the transparency report from the service's own tables with SQL aggregates, all in one read-only snapshot.
 * Every query takes the period's start and end ({@code $1}, {@code $2}: timestamps; decision counts: dates).
 */
@ApplicationScoped
public class TransparencyReports {
    private final Pool pool;
    private final TiplineReports tipline;
    private final Clock clock;

    public TransparencyReports(Pool pool, TiplineReports tipline, Clock clock) {
        this.pool = pool;
        this.tipline = tipline;
        this.clock = clock;
    }

    public Uni<TransparencyReport> report(ReportPeriod period) {
        Tuple times = Tuple.of(OffsetDateTime.ofInstant(period.start(), ZoneOffset.UTC), OffsetDateTime.ofInstant(period.end(), ZoneOffset.UTC));
        Tuple days = Tuple.of(period.from(), period.to());
        Uni<Section> tiplineSection = tipline.filed(period.start(), period.end()).map(n -> new Section("tipline",
                "Reports to NCMEC's CyberTipline", tipline.note(), List.of(Figure.of("reports_filed", n))));
        Uni<List<Section>> fromTables = pool.withTransaction(c -> c.query("set transaction isolation level repeatable read, read only")
                .execute().flatMap(x -> sections(c, times, days)));
        return Uni.combine().all().unis(tiplineSection, fromTables).with((t, rest) -> {
            List<Section> all = new ArrayList<>();
            all.add(t);
            all.addAll(rest);
            return new TransparencyReport(period, clock.instant(), all);
        });
    }

    private Uni<List<Section>> sections(SqlConnection c, Tuple times, Tuple days) {
        Uni<Section> userReports = counts(c, times, "reports", List.of("category"),
                "select category, count(*) from abuse_reports where " + in("received_at") + " group by grouping sets ((), (category))")
                .map(f -> new Section("user_reports", "User reports (notices, DSA art. 16)", "Abuse reports received, by category.", f));
        Uni<Section> actions = counts(c, times, "sanctions", List.of("action", "category", "decision"),
                "select action, category, decision, count(*) from (select action, category, case when automated then 'automated' "
                        + "else 'human' end as decision from sanctions where " + in("starts_at") + ") s "
                        + "group by grouping sets ((), (action), (category), (decision))")
                .flatMap(f -> c.preparedQuery("select count(*), count(*) filter (where violation_event_id is not null) from sanctions where "
                        + in("starts_at")).execute(times).map(rows -> {
                            Row r = first(rows);
                            List<Figure> all = new ArrayList<>(f);
                            all.add(Figure.of("automated_detection", r.getLong(1)));
                            all.add(new Figure("automated_detection_share", Map.of(), rate(r.getLong(1), r.getLong(0))));
                            return new Section("actions", "Account actions (own initiative, DSA art. 15(1)(c))",
                                    "Sanctions that started in the period, by type, category and whether a person or the ladder decided; "
                                            + "automated detection: those that followed a detector's violation.", all);
                        }));
        Uni<Section> statements = counts(c, times, "statements_of_reasons", List.of("kind"),
                "select kind, count(*) from notices where " + in("created_at") + " group by grouping sets ((), (kind))")
                .map(f -> new Section("statements_of_reasons", "Statements of reasons (DSA art. 17)",
                        "Notices written, for sanctions and for their early lifting.", f));
        Uni<Section> appeals = c.preparedQuery("select (select count(*) from appeals where " + in("filed_at") + "), "
                + "count(*) filter (where outcome = 'upheld'), count(*) filter (where outcome = 'overturned'), "
                + "percentile_cont(0.5) within group (order by extract(epoch from decided_at - filed_at)) "
                + "from appeals where state = 'decided' and " + in("decided_at")).execute(times).map(rows -> {
                    Row r = first(rows);
                    Double median = r.getDouble(3);
                    return new Section("appeals", "Appeals (internal complaints, DSA art. 20)",
                            "Received: filed in the period; decided: decided in the period, with the median time from filing to decision.",
                            List.of(Figure.of("received", r.getLong(0)), Figure.of("decided", r.getLong(1) + r.getLong(2)),
                                    dimension("decided", "outcome", "upheld", BigDecimal.valueOf(r.getLong(1))),
                                    dimension("decided", "outcome", "overturned", BigDecimal.valueOf(r.getLong(2))),
                                    new Figure("median_hours_to_decision", Map.of(), median == null ? null
                                            : BigDecimal.valueOf(median).divide(BigDecimal.valueOf(3600), 2, RoundingMode.HALF_EVEN))));
                });
        Uni<Section> review = c.preparedQuery("select count(*) filter (where kind = 'sampled-decision'), "
                + "count(*) filter (where kind = 'sampled-decision' and outcome = 'overturned'), count(*) filter (where kind = 'violation'), "
                + "count(*) filter (where kind = 'violation' and outcome = 'overturned') "
                + "from review_items where state = 'decided' and " + in("decided_at")).execute(times).map(rows -> {
                    Row r = first(rows);
                    List<Figure> f = new ArrayList<>();
                    f.addAll(accuracy("sampled-decision", r.getLong(0), r.getLong(1)));
                    f.addAll(accuracy("violation", r.getLong(2), r.getLong(3)));
                    return new Section("review_accuracy", "Accuracy of automated decisions (DSA art. 15(1)(e))",
                            "Review items decided in the period: a random sample of gate decisions, and flagged violations; "
                                    + "error rate = overturned / decided.", f);
                });
        Uni<Section> detection = counts(c, times, "hash_matches", List.of("category"),
                "select category, count(*) from violations where detector = 'hash-service' and " + in("occurred_at")
                        + " group by grouping sets ((), (category))")
                .flatMap(hashes -> counts(c, times, "prompt_blocks", List.of("category"),
                        "select category, count(*) from violations where stage = 'prompt' and verdict in ('block', 'block_and_report') and "
                                + in("occurred_at") + " group by grouping sets ((), (category))")
                        .map(prompts -> {
                            List<Figure> f = new ArrayList<>(hashes);
                            f.addAll(prompts);
                            return new Section("detection", "Automated detection",
                                    "Violations that occurred in the period: hash-bank matches, and prompts blocked by the filter.", f);
                        }));
        Uni<Section> gates = counts(c, days, "decisions", List.of("action"),
                "select action, sum(count)::bigint from decision_counts where day >= $1 and day < $2 group by grouping sets ((), (action))")
                .map(f -> new Section("gate_decisions", "Gate decisions", "Every decision of the gates, by action.", f));
        // one connection runs them one after the other, inside the snapshot
        return Uni.combine().all().unis(userReports, actions, statements, appeals, review, detection, gates).with(Section.class, list -> list);
    }

    /**
     * Figures of a grouped count: the columns before the last are the dimensions (null where grouped away: a total), the
     * last is the count.
     */
    private static Uni<List<Figure>> counts(SqlConnection c, Tuple params, String figure, List<String> dimensions, String sql) {
        return c.preparedQuery(sql + " order by " + orderBy(dimensions.size())).execute(params).map(rows -> {
            List<Figure> figures = new ArrayList<>();
            for (Row r : rows) {
                Map<String, String> dims = new LinkedHashMap<>();
                for (int i = 0; i < dimensions.size(); i++) {
                    if (r.getValue(i) != null) {
                        dims.put(dimensions.get(i), r.getValue(i).toString());
                    }
                }
                Long n = r.getLong(dimensions.size());
                figures.add(new Figure(figure, dims, BigDecimal.valueOf(n == null ? 0 : n)));
            }
            return figures;
        });
    }

    private static String orderBy(int dimensions) {
        List<String> columns = new ArrayList<>();
        for (int i = dimensions; i >= 1; i--) {
            columns.add(i + " nulls first");
        }
        return String.join(", ", columns);
    }

    private static List<Figure> accuracy(String kind, long decided, long overturned) {
        return List.of(dimension("decided", "kind", kind, BigDecimal.valueOf(decided)),
                dimension("overturned", "kind", kind, BigDecimal.valueOf(overturned)),
                dimension("error_rate", "kind", kind, rate(overturned, decided)));
    }

    private static Figure dimension(String name, String dimension, String value, BigDecimal figure) {
        return new Figure(name, Map.of(dimension, value), figure);
    }

    /** {@code part / whole} to four decimals, or null when the whole is 0. */
    static BigDecimal rate(long part, long whole) {
        return whole == 0 ? null : BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_EVEN);
    }

    private static Row first(RowSet<Row> rows) {
        return rows.iterator().next();
    }

    private static String in(String column) {
        return column + " >= $1 and " + column + " < $2";
    }
}
