"""PyTorch's side of the I1 profile in docs/performance.md: where one batch of 1024 samples goes.

Times, on the T1 network's shapes (784-256-128-10, float32, random weights), each layer's `linear` (the product
with its bias, as `nn.Linear` runs it), a ReLU, and the whole forward pass as `torch_mlp.py`'s I1 runs it, each the
median of 300 calls after 30; the same figures as `org.nn4j.bench.InferenceProfile` gives for nn4j. Run it as
`bench/compare.sh` runs the peer, with OpenBLAS (Debian's torch computes on it) on the same threads:

    OPENBLAS_NUM_THREADS=2 /usr/bin/python3 bench/torch_i1_profile.py 2
"""
import os
import sys
import time

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")   # as torch_mlp.py sets it
import numpy as np
import torch
from torch.nn import functional as F


def median_us(f, calls=300):
    for _ in range(30):
        f()
    times = []
    for _ in range(calls):
        start = time.perf_counter()
        f()
        times.append(time.perf_counter() - start)
    return np.median(times) * 1e6


def main():
    torch.set_num_threads(int(sys.argv[1]) if len(sys.argv) > 1 else 2)
    torch.manual_seed(0)
    x = torch.rand(1024, 784)
    w1, w2, w3 = torch.randn(256, 784) * 0.05, torch.randn(128, 256) * 0.05, torch.randn(10, 128) * 0.05
    b1, b2, b3 = torch.randn(256) * 0.05, torch.randn(128) * 0.05, torch.randn(10) * 0.05
    with torch.no_grad():
        a1 = torch.relu(F.linear(x, w1, b1))
        a2 = torch.relu(F.linear(a1, w2, b2))
        print(f"threads {torch.get_num_threads()}, torch {torch.__version__}, median µs of 300 calls:")
        print(f"  X·W1ᵀ + b1   {median_us(lambda: F.linear(x, w1, b1)):8.1f}")
        print(f"  relu(Z1)      {median_us(lambda: torch.relu(a1)):8.1f}")
        print(f"  A1·W2ᵀ + b2  {median_us(lambda: F.linear(a1, w2, b2)):8.1f}")
        print(f"  A2·W3ᵀ + b3  {median_us(lambda: F.linear(a2, w3, b3)):8.1f}")
        whole = median_us(lambda: F.linear(torch.relu(F.linear(torch.relu(F.linear(x, w1, b1)), w2, b2)), w3, b3))
        print(f"  pass (logits) {whole:8.1f} = {1024 / whole * 1e6:,.0f} samples/s")


if __name__ == "__main__":
    main()
