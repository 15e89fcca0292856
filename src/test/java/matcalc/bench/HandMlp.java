package matcalc.bench;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * The gradient of a 2-layer tanh MLP with softmax cross-entropy over a batch, written by hand with
 * EJML on buffers allocated once: the peer matcalc's evaluation is measured against (issue 12).
 * Samples are columns: X n×B, W1 k×n, b1 k, W2 d×k, b2 d, one-hot Y d×B, and
 * L = −sum(Y ⊙ log(softmax(W2 tanh(W1 X + b1 𝟏ᵀ) + b2 𝟏ᵀ))) / B. Back-propagation:
 * G2 = (S − Y) / B, ∂L/∂W2 = G2 Hᵀ, ∂L/∂b2 = G2 𝟏, G1 = W2ᵀ G2 ⊙ (𝟏 𝟏ᵀ − H.^2), ∂L/∂W1 = G1 Xᵀ,
 * ∂L/∂b1 = G1 𝟏 (each the shape of its parameter; b's as columns).
 */
public final class HandMlp {
    public final DMatrixRMaj h;
    public final DMatrixRMaj s;
    public final DMatrixRMaj g1;
    public final DMatrixRMaj g2;
    public final DMatrixRMaj dW1;
    public final DMatrixRMaj db1;
    public final DMatrixRMaj dW2;
    public final DMatrixRMaj db2;
    public double loss;

    public HandMlp(int n, int k, int d, int batch) {
        h = new DMatrixRMaj(k, batch);
        s = new DMatrixRMaj(d, batch);
        g1 = new DMatrixRMaj(k, batch);
        g2 = new DMatrixRMaj(d, batch);
        dW1 = new DMatrixRMaj(k, n);
        db1 = new DMatrixRMaj(k, 1);
        dW2 = new DMatrixRMaj(d, k);
        db2 = new DMatrixRMaj(d, 1);
    }

    /** The loss and every gradient at (X, W1, b1, W2, b2, Y), into this object's buffers. */
    public void run(DMatrixRMaj x, DMatrixRMaj w1, DMatrixRMaj b1, DMatrixRMaj w2, DMatrixRMaj b2, DMatrixRMaj y) {
        int batch = x.numCols;
        // H = tanh(W1 X + b1 𝟏ᵀ)
        CommonOps_DDRM.mult(w1, x, h);
        double[] hd = h.data;
        for (int i = 0; i < h.numRows; i++) {
            double bi = b1.data[i];
            for (int j = 0, at = i * batch; j < batch; j++, at++) hd[at] = Math.tanh(hd[at] + bi);
        }
        // S = softmax(W2 H + b2 𝟏ᵀ), per column with a max shift
        CommonOps_DDRM.mult(w2, h, s);
        double[] sd = s.data;
        int d = s.numRows;
        for (int i = 0; i < d; i++) {
            double bi = b2.data[i];
            for (int j = 0, at = i * batch; j < batch; j++, at++) sd[at] += bi;
        }
        double total = 0;
        double[] yd = y.data;
        for (int j = 0; j < batch; j++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < d; i++) max = Math.max(max, sd[i * batch + j]);
            double sum = 0;
            for (int i = 0; i < d; i++) sum += Math.exp(sd[i * batch + j] - max);
            double logSum = Math.log(sum) + max;
            for (int i = 0; i < d; i++) {
                int at = i * batch + j;
                total -= yd[at] * (sd[at] - logSum);
                sd[at] = Math.exp(sd[at] - logSum);
            }
        }
        loss = total / batch;
        // G2 = (S − Y) / B; ∂L/∂W2 = G2 Hᵀ; ∂L/∂b2 = G2 𝟏
        double[] g2d = g2.data;
        for (int at = 0; at < g2d.length; at++) g2d[at] = (sd[at] - yd[at]) / batch;
        CommonOps_DDRM.multTransB(g2, h, dW2);
        CommonOps_DDRM.sumRows(g2, db2);
        // G1 = W2ᵀ G2 ⊙ (𝟏 𝟏ᵀ − H.^2); ∂L/∂W1 = G1 Xᵀ; ∂L/∂b1 = G1 𝟏
        CommonOps_DDRM.multTransA(w2, g2, g1);
        double[] g1d = g1.data;
        for (int at = 0; at < g1d.length; at++) g1d[at] *= 1 - hd[at] * hd[at];
        CommonOps_DDRM.multTransB(g1, x, dW1);
        CommonOps_DDRM.sumRows(g1, db1);
    }
}
