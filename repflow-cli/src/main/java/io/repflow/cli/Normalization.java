package io.repflow.cli;

import io.repflow.data.transform.ValueMapping;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** How 8-bit video values become the network's input ({@code --normalize}). */
public enum Normalization {
    /** torchvision's ImageNet mean and std per channel: what torchvision's pretrained weights expect. */
    IMAGENET("imagenet", ValueMapping.imagenet()),
    /** {@code v / 127.5 - 1}: the paper's range, and repflow's default when training from scratch. */
    MINUS_ONE_TO_ONE("minus-one-to-one", ValueMapping.minusOneToOne());

    private final String flag;
    private final ValueMapping mapping;

    Normalization(String flag, ValueMapping mapping) {
        this.flag = flag;
        this.mapping = mapping;
    }

    public ValueMapping mapping() {
        return mapping;
    }

    /** The flag's spelling, which run.json records. */
    @Override
    public String toString() {
        return flag;
    }

    /**
     * {@code given}, else what the run of {@code checkpoint} recorded in its run.json, else
     * minus-one-to-one: the rule {@code repflow eval} and {@code predict} follow.
     */
    public static Normalization orRecorded(Normalization given, Path checkpoint) {
        if (given != null) {
            return given;
        }
        return RunRecord.forCheckpoint(checkpoint)
                .map(c -> c.values().get("normalize"))
                .map(v -> new Converter().convert(v))
                .orElse(MINUS_ONE_TO_ONE);
    }

    public static final class Converter implements ITypeConverter<Normalization> {
        @Override
        public Normalization convert(String value) {
            String v = value.strip().toLowerCase(Locale.ROOT).replace('_', '-');
            for (Normalization n : values()) {
                if (n.flag.equals(v)) {
                    return n;
                }
            }
            throw new TypeConversionException(
                    "'" + value + "' is not a normalisation; use imagenet or minus-one-to-one");
        }
    }
}
