"""Reference numbers for nn4j's ConvolutionReferenceTest, made once with PyTorch 1.13 (Debian python3-torch):
    /usr/bin/python3 make_conv_reference.py
A small convolutional network in float64 whose every weight and input is a formula both sides evaluate
(0.5·sin(0.7·i + s) for the i-th value of a tensor, s its seed), so only the results need copying into the test:
the eval-mode probabilities, the training-mode loss, and the gradients of the first convolution's weights and of
the dense layer's bias after one backward pass with batch statistics."""
import math
import torch
import torch.nn as nn

torch.set_default_dtype(torch.float64)

def formula(shape, seed):
    n = math.prod(shape)
    return torch.tensor([0.5 * math.sin(0.7 * i + seed) for i in range(n)]).reshape(shape)

model = nn.Sequential(
    nn.Conv2d(1, 3, 3, padding=1), nn.BatchNorm2d(3), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(3, 4, 2, stride=1), nn.Tanh(), nn.Flatten(), nn.Linear(16, 3))
with torch.no_grad():
    model[0].weight.copy_(formula((3, 1, 3, 3), 1)); model[0].bias.copy_(formula((3,), 2))
    model[1].weight.copy_(1 + formula((3,), 3)); model[1].bias.copy_(formula((3,), 4))
    model[1].running_mean.copy_(formula((3,), 5)); model[1].running_var.copy_(1 + formula((3,), 6))
    model[4].weight.copy_(formula((4, 3, 2, 2), 7)); model[4].bias.copy_(formula((4,), 8))
    model[7].weight.copy_(formula((3, 16), 9)); model[7].bias.copy_(formula((3,), 10))
x = torch.tensor([math.sin(0.37 * i) + 0.1 * math.cos(1.9 * i) for i in range(2 * 36)]).reshape(2, 1, 6, 6)
y = torch.tensor([2, 0])

model.eval()
print("eval probabilities (sample-major):", torch.softmax(model(x), 1).flatten().tolist())
model.train()
loss = nn.functional.cross_entropy(model(x), y)
loss.backward()
print("training loss:", loss.item())
print("dW conv1:", model[0].weight.grad.flatten().tolist())
print("db dense:", model[7].bias.grad.flatten().tolist())
print("running_mean after:", model[1].running_mean.tolist())
