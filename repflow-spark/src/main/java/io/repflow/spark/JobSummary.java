package io.repflow.spark;

import static org.apache.spark.sql.functions.col;

import java.io.PrintStream;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** What a finished job reports: videos, how many gave scores, and the ones that could not be read. */
record JobSummary(long videos, long failed, List<Row> firstErrors) {

    private static final int LISTED = 10;

    static JobSummary of(Dataset<Row> results) {
        Dataset<Row> errors = results.filter(col(VideoColumns.ERROR).isNotNull());
        long failed = errors.count();
        List<Row> first = errors.select(VideoColumns.PATH, VideoColumns.ERROR)
                .orderBy(VideoColumns.PATH)
                .limit(LISTED)
                .collectAsList();
        return new JobSummary(results.count(), failed, first);
    }

    void print(PrintStream log, String table, double seconds) {
        log.printf(
                "%d video(s) in %.1f s: %d scored, %d could not be read -> %s%n",
                videos, seconds, videos - failed, failed, table);
        for (Row r : firstErrors) {
            log.println("  error: " + r.getString(1));
        }
        if (failed > firstErrors.size()) {
            log.printf(
                    "  … and %d more (rows with a non-null '%s')%n", failed - firstErrors.size(), VideoColumns.ERROR);
        }
    }
}
