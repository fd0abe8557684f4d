package io.repflow.spark;

import java.io.PrintStream;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.StageInfo;

/** Progress on the terminal beside Spark's UI: one line per finished stage (tasks, time, rows, failure). */
final class StageLines extends SparkListener {

    private final PrintStream out;

    StageLines(PrintStream out) {
        this.out = out;
    }

    @Override
    public void onStageCompleted(SparkListenerStageCompleted event) {
        StageInfo s = event.stageInfo();
        long ms = s.completionTime().isDefined() && s.submissionTime().isDefined()
                ? (Long) s.completionTime().get() - (Long) s.submissionTime().get()
                : 0;
        long read = s.taskMetrics() == null ? 0 : s.taskMetrics().inputMetrics().recordsRead();
        long written =
                s.taskMetrics() == null ? 0 : s.taskMetrics().outputMetrics().recordsWritten();
        String failure =
                s.failureReason().isDefined() ? ", FAILED: " + s.failureReason().get() : "";
        out.printf(
                "spark: stage %d (%s) finished: %d task(s) in %.1f s, %d row(s) read, %d written%s%n",
                s.stageId(), s.name(), s.numTasks(), ms / 1e3, read, written, failure);
        out.flush();
    }
}
