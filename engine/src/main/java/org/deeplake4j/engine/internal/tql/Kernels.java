package org.deeplake4j.engine.internal.tql;

/**
 * The numeric kernels of the vector functions. Row-at-a-time evaluation (double arrays) and bulk
 * evaluation (float rows straight from chunks) add terms in the same order, four running sums
 * interleaved, so both give bit-identical results for the same data.
 */
final class Kernels {
  private Kernels() {}

  static double dot(double[] a, double[] b) {
    int n = a.length;
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int e = 0;
    for (; e + 3 < n; e += 4) {
      s0 += a[e] * b[e];
      s1 += a[e + 1] * b[e + 1];
      s2 += a[e + 2] * b[e + 2];
      s3 += a[e + 3] * b[e + 3];
    }
    for (; e < n; e++) {
      s0 += a[e] * b[e];
    }
    return (s0 + s1) + (s2 + s3);
  }

  static double sumSquares(double[] a) {
    return dot(a, a);
  }

  /** Cosine similarity; 0 when either vector is all zeros. */
  static double cosine(double[] a, double[] b) {
    return cosine(dot(a, b), sumSquares(a), Math.sqrt(sumSquares(b)));
  }

  static double cosine(double dot, double sumSqA, double normB) {
    double den = Math.sqrt(sumSqA) * normB;
    return den == 0 ? 0 : dot / den;
  }

  static double l1(double[] a) {
    int n = a.length;
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int e = 0;
    for (; e + 3 < n; e += 4) {
      s0 += Math.abs(a[e]);
      s1 += Math.abs(a[e + 1]);
      s2 += Math.abs(a[e + 2]);
      s3 += Math.abs(a[e + 3]);
    }
    for (; e < n; e++) {
      s0 += Math.abs(a[e]);
    }
    return (s0 + s1) + (s2 + s3);
  }

  static double linf(double[] a) {
    double m = 0;
    for (double v : a) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }

  static double l2(double[] a) {
    return Math.sqrt(sumSquares(a));
  }

  // ---------------------------------------------------------------- bulk (float rows)

  /** {@code dot(x[off..off+n), q)} with {@code x} widened to double, as {@link #dot}. */
  static double dot(float[] x, int off, double[] q) {
    int n = q.length;
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int e = 0;
    for (; e + 3 < n; e += 4) {
      s0 += (double) x[off + e] * q[e];
      s1 += (double) x[off + e + 1] * q[e + 1];
      s2 += (double) x[off + e + 2] * q[e + 2];
      s3 += (double) x[off + e + 3] * q[e + 3];
    }
    for (; e < n; e++) {
      s0 += (double) x[off + e] * q[e];
    }
    return (s0 + s1) + (s2 + s3);
  }

  /** Cosine similarity of row {@code x[off..off+n)} with {@code q} (norm {@code normQ}). */
  static double cosine(float[] x, int off, double[] q, double normQ) {
    int n = q.length;
    double d0 = 0;
    double d1 = 0;
    double d2 = 0;
    double d3 = 0;
    double n0 = 0;
    double n1 = 0;
    double n2 = 0;
    double n3 = 0;
    int e = 0;
    for (; e + 3 < n; e += 4) {
      double x0 = x[off + e];
      double x1 = x[off + e + 1];
      double x2 = x[off + e + 2];
      double x3 = x[off + e + 3];
      d0 += x0 * q[e];
      d1 += x1 * q[e + 1];
      d2 += x2 * q[e + 2];
      d3 += x3 * q[e + 3];
      n0 += x0 * x0;
      n1 += x1 * x1;
      n2 += x2 * x2;
      n3 += x3 * x3;
    }
    for (; e < n; e++) {
      double x0 = x[off + e];
      d0 += x0 * q[e];
      n0 += x0 * x0;
    }
    return cosine((d0 + d1) + (d2 + d3), (n0 + n1) + (n2 + n3), normQ);
  }

  /**
   * A norm of {@code x[off..off+n) - q} (all zeros for the norm of the row itself); as {@link #l2},
   * {@link #l1}, {@link #linf} on the difference. {@code q - x} has the same norm: IEEE subtraction
   * is sign-symmetric, so both orders give bit-identical results.
   */
  static double normOfDiff(Fn fn, float[] x, int off, int n, double[] q) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int e = 0;
    switch (fn) {
      case L2_NORM -> {
        for (; e + 3 < n; e += 4) {
          double v0 = x[off + e] - q[e];
          double v1 = x[off + e + 1] - q[e + 1];
          double v2 = x[off + e + 2] - q[e + 2];
          double v3 = x[off + e + 3] - q[e + 3];
          s0 += v0 * v0;
          s1 += v1 * v1;
          s2 += v2 * v2;
          s3 += v3 * v3;
        }
        for (; e < n; e++) {
          double v0 = x[off + e] - q[e];
          s0 += v0 * v0;
        }
        return Math.sqrt((s0 + s1) + (s2 + s3));
      }
      case L1_NORM -> {
        for (; e + 3 < n; e += 4) {
          s0 += Math.abs(x[off + e] - q[e]);
          s1 += Math.abs(x[off + e + 1] - q[e + 1]);
          s2 += Math.abs(x[off + e + 2] - q[e + 2]);
          s3 += Math.abs(x[off + e + 3] - q[e + 3]);
        }
        for (; e < n; e++) {
          s0 += Math.abs(x[off + e] - q[e]);
        }
        return (s0 + s1) + (s2 + s3);
      }
      default -> {
        double m = 0;
        for (; e < n; e++) {
          m = Math.max(m, Math.abs(x[off + e] - q[e]));
        }
        return m;
      }
    }
  }
}
