package io.repflow.cli;

import io.repflow.models.spi.StepResult;
import io.repflow.models.train.EpochSummary;
import io.repflow.models.train.TrainingListener;
import io.repflow.models.train.TrainingStep;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows training progress: on a terminal a progress bar per epoch with rate, ETA, loss and accuracy
 * (me.tongfei progressbar); otherwise plain lines, one every {@value #PLAIN_EVERY_SECONDS} s and one
 * per epoch, so CI logs stay readable.
 */
final class ProgressReporter implements TrainingListener, AutoCloseable {

    static final int PLAIN_EVERY_SECONDS = 10;

    private final PrintStream out;
    private final boolean terminal;
    private ProgressBar bar;
    private long lastLine;
    private double lossSum;
    private long correctish;
    private int seen;
    private long clips;
    private long epochStart;

    ProgressReporter(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    static boolean isTerminal() {
        return System.console() != null && System.getenv("CI") == null;
    }

    @Override
    public void stepFinished(TrainingStep s) {
        int batch = s.batch();
        int batches = s.batches();
        if (seen == 0 || batch == 1) {
            startEpoch(s.epoch(), batches, batch);
        }
        seen++;
        clips += s.input().size();
        lossSum += s.result().loss();
        correctish += correct(s.input().labels(), s.result());
        double loss = lossSum / seen;
        double acc = (double) correctish / clips;
        if (bar != null) {
            bar.stepTo(batch);
            bar.setExtraMessage(String.format(" loss %.4f acc %.3f", loss, acc));
        } else {
            long now = System.nanoTime();
            if (now - lastLine > PLAIN_EVERY_SECONDS * 1_000_000_000L || batch == batches) {
                lastLine = now;
                double secs = (now - epochStart) / 1e9;
                double rate = seen / Math.max(secs, 1e-9);
                double eta = (batches - batch) / Math.max(rate, 1e-9);
                out.printf(
                        "epoch %d step %d/%d  %.2f steps/s  ETA %s  loss %.4f  acc %.3f%n",
                        s.epoch() + 1, batch, batches, rate, formatDuration(eta), loss, acc);
                out.flush();
            }
        }
    }

    private void startEpoch(int epoch, int batches, int batch) {
        closeBar();
        seen = 0;
        clips = 0;
        lossSum = 0;
        correctish = 0;
        epochStart = System.nanoTime();
        lastLine = epochStart;
        if (terminal) {
            bar = new ProgressBarBuilder()
                    .setTaskName("epoch " + (epoch + 1))
                    .setInitialMax(batches)
                    .setUnit(" steps", 1)
                    .setStyle(ProgressBarStyle.ASCII)
                    .showSpeed()
                    .setUpdateIntervalMillis(250)
                    .setConsumer(new ConsoleProgressBarConsumer(out))
                    .build();
            bar.stepTo(batch - 1);
        }
    }

    @Override
    public void epochFinished(EpochSummary s, Path checkpoint) {
        closeBar();
        seen = 0;
        String val = s.validation() == null
                ? ""
                : String.format(
                        "  held-out top-1 %.3f top-5 %.3f mean-class %.3f",
                        s.validation().top1(),
                        s.validation().top5(),
                        s.validation().meanClassAccuracy());
        out.printf(
                "epoch %d: lr %.4g  train loss %.4f acc %.3f  grad norm %.3g  %.1f s%s%s%n",
                s.epoch() + 1,
                s.learningRate(),
                s.trainLoss(),
                s.trainAccuracy(),
                s.meanGradientNorm(),
                s.seconds(),
                val,
                s.skipped() == 0
                        ? ""
                        : "  (" + s.skipped() + " bad video(s) skipped, listed in " + RunFiles.SKIPPED + ")");
        out.flush();
    }

    private static int correct(int[] labels, StepResult r) {
        int classes = r.logits().dim(1);
        int hits = 0;
        for (int b = 0; b < labels.length; b++) {
            int best = 0;
            for (int k = 1; k < classes; k++) {
                if (r.logits().get(b, k) > r.logits().get(b, best)) {
                    best = k;
                }
            }
            hits += best == labels[b] ? 1 : 0;
        }
        return hits;
    }

    private void closeBar() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }

    private static String formatDuration(double seconds) {
        Duration d = Duration.ofSeconds((long) Math.ceil(seconds));
        return String.format("%d:%02d:%02d", d.toHours(), d.toMinutesPart(), d.toSecondsPart());
    }

    @Override
    public void close() {
        closeBar();
    }
}
