package io.shiporskip.infra.bench;

import io.shiporskip.infra.http.Http;

/**
 * How many votes shared each transaction during a phase: the command service's
 * {@code shiporskip_group_commit_batch_size} summary (count and sum), read before and after. 1.0 means every vote had
 * its own transaction (group commit off, or never two votes at once).
 */
final class GroupCommits {

    /** The summary's family and sample names: the scrape endpoint's filter matches one or the other by version. */
    private static final String SERIES = "/actuator/prometheus?includedNames=shiporskip_group_commit_batch_size_commands,"
            + "shiporskip_group_commit_batch_size_commands_count,shiporskip_group_commit_batch_size_commands_sum";

    private final Http commandService;
    private final double[] before;

    private GroupCommits(Http commandService) {
        this.commandService = commandService;
        this.before = read();
    }

    static GroupCommits start(String commandServiceUrl) {
        return new GroupCommits(new Http(commandServiceUrl));
    }

    /** Votes per transaction since {@link #start}; 0 when the service reports no group commit (off). */
    double votesPerTransaction() {
        double[] after = read();
        double transactions = after[0] - before[0];
        return transactions <= 0 ? 0 : Latencies.ratio(after[1] - before[1], transactions);
    }

    /** {count, sum} of the summary; zeros when the series is absent. */
    private double[] read() {
        String metrics = commandService.send("GET", SERIES, null, null, "text/plain").body();
        double count = 0;
        double sum = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith("shiporskip_group_commit_batch_size_commands_count")) {
                count = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            } else if (line.startsWith("shiporskip_group_commit_batch_size_commands_sum")) {
                sum = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return new double[] {count, sum};
    }
}
