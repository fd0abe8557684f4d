package io.repflow.bench;

/**
 * An engine's measured float32 matrix-multiply rate: {@code [m, k] · [k, n]} as a 1×1 convolution over {@code m}
 * positions ({@code MatMulBenchmark}), the machine's practical peak the per-video networks are set against.
 *
 * @param backend backend id
 * @param dims    the product's sizes
 * @param ms      milliseconds per product (JMH average; the host copy of the input included)
 * @param errorMs 99.9 % confidence half-width (NaN with a single sample)
 */
public record MatMulPeak(String backend, Dims dims, double ms, double errorMs) {

    /**
     * The sizes of {@code [m, k] · [k, n]}.
     *
     * @param m rows of the left operand (the convolution's positions, a square number)
     * @param k the shared dimension (input features)
     * @param n columns of the result (output features)
     */
    public record Dims(int m, int k, int n) {

        public Dims {
            if (m < 1 || k < 1 || n < 1) {
                throw new IllegalArgumentException(
                        "matrix product " + m + "×" + k + " · " + k + "×" + n + " needs every size >= 1");
            }
        }

        /** {@code 2·m·k·n}: a multiply and an add per term. */
        public double flops() {
            return 2.0 * m * k * n;
        }

        /** {@code 4096×1024 · 1024×1024}. */
        public String label() {
            return m + "×" + k + " · " + k + "×" + n;
        }
    }

    /** Operations per product over the time, in GFLOP/s. */
    public double gflopPerS() {
        return dims.flops() / (ms * 1e6);
    }
}
