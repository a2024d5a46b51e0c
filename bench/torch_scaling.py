"""PyTorch's side of the input-scaling figures in the README (the `--scale` paragraph).

Trains the network of `./nn train --data fashion-mnist --layers 256,128 --batch-norm --epochs 10 --batch-size 256`
(784-256 ReLU-BN-128 ReLU-BN-10 softmax, He-initialised, Adam at 1e-3) on Fashion-MNIST for each seed and prints
the test accuracy, on pixels in [0, 1] (`--scale none`) or standardised pixel by pixel with the training images'
mean and population standard deviation (`--scale standard`, a constant pixel left at scale 1), as nn4j does.

    /usr/bin/python3 bench/torch_scaling.py --scale standard --seeds 1,2,3
"""
import argparse
import gzip
import os

import numpy as np
import torch
from torch import nn


def load(directory, prefix):
    def read(name, offset):
        path = os.path.join(directory, name)
        opener = gzip.open if path.endswith(".gz") else open
        with opener(path, "rb") as f:
            return np.frombuffer(f.read(), np.uint8, offset=offset)

    x = read(prefix + "-images-idx3-ubyte.gz", 16).reshape(-1, 784).astype(np.float32) / 255
    y = read(prefix + "-labels-idx1-ubyte.gz", 8).astype(np.int64)
    return torch.tensor(x), torch.tensor(y)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--scale", choices=["none", "standard"], default="standard")
    p.add_argument("--seeds", default="1,2,3")
    p.add_argument("--batch-size", type=int, default=256)
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--data", default=os.environ.get("NN4J_DATA", "/usr/share/datasets/fashion-mnist"))
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    x_train, y_train = load(args.data, "train")
    x_test, y_test = load(args.data, "t10k")
    if args.scale == "standard":
        mean = x_train.mean(0)
        std = x_train.std(0, unbiased=False)
        std[std == 0] = 1
        x_train = (x_train - mean) / std
        x_test = (x_test - mean) / std
    n = x_train.shape[0]
    for seed in [int(s) for s in args.seeds.split(",")]:
        torch.manual_seed(seed)
        model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.BatchNorm1d(256),
                              nn.Linear(256, 128), nn.ReLU(), nn.BatchNorm1d(128), nn.Linear(128, 10))
        for layer in model:
            if isinstance(layer, nn.Linear):
                nn.init.kaiming_normal_(layer.weight)
                nn.init.zeros_(layer.bias)
        optimizer = torch.optim.Adam(model.parameters(), 1e-3)
        for _ in range(args.epochs):
            model.train()
            order = torch.randperm(n)
            for i in range(0, n, args.batch_size):
                batch = order[i:i + args.batch_size]
                optimizer.zero_grad()
                nn.functional.cross_entropy(model(x_train[batch]), y_train[batch]).backward()
                optimizer.step()
        model.eval()
        with torch.no_grad():
            accuracy = (model(x_test).argmax(1) == y_test).float().mean().item()
        print(f"scale {args.scale} seed {seed}: test accuracy {accuracy:.4f}", flush=True)


if __name__ == "__main__":
    main()
