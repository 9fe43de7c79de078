package io.shiporskip.query.analytics;

import java.util.List;

/** A tool's vote trend (api.md). Summing {@code ship} and {@code skip} over all time gives the current tally. */
public record Trend(String toolId, String bucket, List<TrendPoint> points) {

    String toCsv() {
        StringBuilder csv = new StringBuilder("start,cast,changed,retracted,voided,ship,skip\r\n");
        for (TrendPoint p : points) {
            csv.append(p.start()).append(',').append(p.cast()).append(',').append(p.changed()).append(',')
                    .append(p.retracted()).append(',').append(p.voided()).append(',').append(p.ship()).append(',')
                    .append(p.skip()).append("\r\n");
        }
        return csv.toString();
    }
}
