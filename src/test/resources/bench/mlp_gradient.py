"""The MLP gradient of matcalc's benchmark (MlpGradientBenchmark) in NumPy and torch.

L = -sum(Y * log(softmax(W2 tanh(W1 X + b1 1') + b2 1'))) / B, samples as columns, one-hot Y;
the loss and the gradients by W1, b1, W2, b2. Prints "row batch ms" lines (mean over the calls
after one warm-up call) and "# ..." lines saying which libraries and BLAS ran.

usage: mlp_gradient.py SIZE CALLS [GENERATED_NUMPY.py GENERATED_TORCH.py]
(the last two: `matcalc codegen --target numpy|torch` for this loss, function loss_and_grad)
"""
import importlib.util
import sys
import time

import numpy as np

size, calls = int(sys.argv[1]), int(sys.argv[2])
generated = sys.argv[3:5]


def load(path):
    """The function loss_and_grad of a file matcalc generated."""
    spec = importlib.util.spec_from_file_location("generated_" + str(abs(hash(path))), path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.loss_and_grad


def data(batch, rng):
    n = k = d = size
    x = rng.standard_normal((n, batch))
    w1 = rng.standard_normal((k, n)) / np.sqrt(n)
    b1 = rng.standard_normal((k, 1))
    w2 = rng.standard_normal((d, k)) / np.sqrt(k)
    b2 = rng.standard_normal((d, 1))
    y = np.zeros((d, batch))
    y[rng.integers(0, d, batch), np.arange(batch)] = 1
    return x, w1, b1, w2, b2, y


def numpy_by_hand(x, w1, b1, w2, b2, y):
    batch = x.shape[1]
    h = np.tanh(w1 @ x + b1)
    z = w2 @ h + b2
    z = z - z.max(axis=0, keepdims=True)
    log_s = z - np.log(np.exp(z).sum(axis=0, keepdims=True))
    loss = -(y * log_s).sum() / batch
    g2 = (np.exp(log_s) - y) / batch
    dw2, db2 = g2 @ h.T, g2.sum(axis=1, keepdims=True)
    g1 = (w2.T @ g2) * (1 - h * h)
    return loss, g1 @ x.T, g1.sum(axis=1, keepdims=True), dw2, db2


def timed(f, args):
    f(*args)
    start = time.perf_counter()
    for _ in range(calls):
        f(*args)
    return (time.perf_counter() - start) / calls * 1000


rng = np.random.default_rng(20261203)
cases = {batch: data(batch, rng) for batch in (1, 256)}
def blas_library():
    """The BLAS numpy loaded, as the dynamic linker resolved it (Debian's alternatives pick it)."""
    import os
    libs = set()
    with open(f"/proc/{os.getpid()}/maps") as maps:
        for line in maps:
            path = line.split()[-1]
            if path.startswith("/") and "blas" in os.path.basename(path).lower():
                libs.add(os.path.realpath(path))
    return ", ".join(sorted(libs)) or "unknown"


print(f"# numpy {np.__version__}, BLAS {blas_library()}")
for batch, args in cases.items():
    print(f"numpyByHand {batch} {timed(numpy_by_hand, args):.3f}")
    if generated:
        f = load(generated[0])
        # the generated outputs are the hand-written ones (b's gradients as rows, numerator layout)
        for mine, theirs in zip(numpy_by_hand(*args), f(*args)):
            if not np.allclose(np.ravel(mine), np.ravel(theirs), rtol=1e-9, atol=1e-12):
                sys.exit("the generated NumPy code disagrees with the hand-written gradient")
        print(f"numpyGenerated {batch} {timed(f, args):.3f}")

try:
    import torch
except ImportError:
    print("# torch is not installed for this python3: no torch rows")
    sys.exit(0)

torch.set_grad_enabled(True)
print(f"# torch {torch.__version__}, {torch.get_num_threads()} threads, float64")


def torch_autograd(x, w1, b1, w2, b2, y):
    for p in (w1, b1, w2, b2):
        p.grad = None
    batch = x.shape[1]
    h = torch.tanh(w1 @ x + b1)
    loss = -(y * torch.log_softmax(w2 @ h + b2, dim=0)).sum() / batch
    loss.backward()
    return loss, w1.grad, b1.grad, w2.grad, b2.grad


def torch_by_hand(x, w1, b1, w2, b2, y):
    with torch.no_grad():
        batch = x.shape[1]
        h = torch.tanh(w1 @ x + b1)
        log_s = torch.log_softmax(w2 @ h + b2, dim=0)
        loss = -(y * log_s).sum() / batch
        g2 = (torch.exp(log_s) - y) / batch
        dw2, db2 = g2 @ h.T, g2.sum(dim=1, keepdim=True)
        g1 = (w2.T @ g2) * (1 - h * h)
        return loss, g1 @ x.T, g1.sum(dim=1, keepdim=True), dw2, db2


for batch, args in cases.items():
    t = [torch.from_numpy(a.copy()) for a in args]
    for p in t[1:5]:
        p.requires_grad_(True)
    print(f"torchAutograd {batch} {timed(torch_autograd, t):.3f}")
    print(f"torchByHand {batch} {timed(torch_by_hand, t):.3f}")
    if generated:
        with torch.no_grad():
            plain = [torch.from_numpy(a.copy()) for a in args]
            print(f"torchGenerated {batch} {timed(load(generated[1]), plain):.3f}")
