package io.repflow.spark;

import io.repflow.cli.UsageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Writes a result table so that {@code out} either is the whole table or does not exist: Spark writes
 * into a hidden sibling {@code .<name>.tmp-<uuid>} (its committer adds {@code _SUCCESS} when every task
 * committed), which is renamed to {@code out} only then; a failed job deletes it. With
 * {@code overwrite} an existing table is replaced after the new one is complete.
 */
final class AtomicTable {

    private AtomicTable() {}

    /** The target, checked before any work: it must not exist unless {@code overwrite}. */
    static Path check(String out, boolean overwrite, Configuration conf) {
        Path target = new Path(out);
        try {
            FileSystem fs = target.getFileSystem(conf);
            if (!overwrite && fs.exists(target)) {
                throw new UsageException("output " + out + " exists; remove it or give --overwrite");
            }
            return fs.makeQualified(target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check the output " + out, e);
        }
    }

    static void writeParquet(Dataset<Row> table, Path target, Configuration conf) {
        Path tmp = new Path(target.getParent(), "." + target.getName() + ".tmp-" + UUID.randomUUID());
        try {
            FileSystem fs = target.getFileSystem(conf);
            try {
                table.write().parquet(tmp.toString());
                if (!fs.exists(new Path(tmp, "_SUCCESS"))) {
                    throw new IOException("Spark finished without committing " + tmp + " (no _SUCCESS)");
                }
                Path old = null;
                if (fs.exists(target)) {
                    old = new Path(target.getParent(), "." + target.getName() + ".old-" + UUID.randomUUID());
                    rename(fs, target, old);
                }
                rename(fs, tmp, target);
                if (old != null) {
                    fs.delete(old, true);
                }
            } finally {
                if (fs.exists(tmp)) {
                    fs.delete(tmp, true);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    private static void rename(FileSystem fs, Path from, Path to) throws IOException {
        if (!fs.rename(from, to)) {
            throw new IOException("cannot rename " + from + " to " + to);
        }
    }
}
