package io.repflow.spark;

import io.repflow.cli.Main;

/**
 * Entry point of {@code repflow spark …} ({@code ./repflow spark} runs it on this module's class path)
 * and the main class for spark-submit ({@code --class io.repflow.spark.SparkMain … predict …}).
 */
public final class SparkMain {

    private SparkMain() {}

    public static void main(String[] args) {
        System.exit(Main.run(new SparkCommand(), args));
    }
}
