"""Makes cnn.safetensors and cnn_expected.safetensors, the PyTorch reference for TorchConvWeightsTest.
Run once with PyTorch 1.13 (Debian python3-torch), in this folder:
    /usr/bin/python3 make_cnn_reference.py
(no safetensors package needed: the format is written by hand below).

The network is an nn.Sequential of every module kind nn4j maps, on 2x10x10 images:
    Conv2d(2, 4, 3, padding=1), BatchNorm2d(4), ReLU, MaxPool2d(2),
    Conv2d(4, 6, 3, stride=2, padding=1, bias=False), BatchNorm2d(6), Tanh, AvgPool2d(2, stride=1),
    Flatten, Linear(24, 8), ReLU, Linear(8, 5), Softmax(dim=1)
nn4j's layer list for it: conv:4x3:p1,bn,relu,maxpool:2,conv:6x3:s2:p1:nobias,bn,tanh,avgpool:2:s1,flatten,
dense:8:relu,dense:5:softmax with --input-shape 2,10,10.
Three training-mode passes without gradients move the running statistics away from 0 and 1 (and count them in
num_batches_tracked), so the state dict is a used model's.

cnn.safetensors: the float32 state dict.
cnn_expected.safetensors:
    input [6, 2, 10, 10] F32, labels [6] F32 (class indices)
    probabilities [6, 5] F32: the float32 model's eval-mode output on input
    loss [1] F64: the float64 model's training-mode cross-entropy on (input, labels) before the step
    step.<name> F64: every float tensor of the state dict after one full-batch SGD step (lr 0.1) of the
        float64 model (model.double()) in training mode: batch statistics, running statistics updated
"""
import json, struct
import torch
import torch.nn as nn

torch.manual_seed(16)
model = nn.Sequential(
    nn.Conv2d(2, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(4, 6, 3, stride=2, padding=1, bias=False), nn.BatchNorm2d(6), nn.Tanh(), nn.AvgPool2d(2, stride=1),
    nn.Flatten(), nn.Linear(24, 8), nn.ReLU(), nn.Linear(8, 5), nn.Softmax(dim=1))
with torch.no_grad():
    for m in (model[1], model[5]):  # batch norm's affine parameters away from 1 and 0
        m.weight.uniform_(0.5, 1.5)
        m.bias.uniform_(-0.5, 0.5)
    model.train()
    for _ in range(3):
        model(torch.randn(16, 2, 10, 10) * 2 + 0.5)
x = torch.randn(6, 2, 10, 10)
y = torch.tensor([0, 3, 1, 4, 2, 3])
model.eval()
with torch.no_grad():
    probabilities = model(x)
state = {k: v.detach().clone() for k, v in model.state_dict().items()}

model64 = model.double()
model64.train()
p = model64(x.double())
loss = nn.functional.nll_loss(torch.log(p), y)  # cross-entropy of the softmax output, mean over the batch
loss.backward()
with torch.no_grad():
    for param in model64.parameters():
        param -= 0.1 * param.grad
after = {k: v.detach().clone() for k, v in model64.state_dict().items() if v.is_floating_point()}

DTYPES = {torch.float32: ("F32", "<f4"), torch.float64: ("F64", "<f8"), torch.int64: ("I64", "<i8")}


def write(path, tensors, metadata):
    header, offset, data = {"__metadata__": metadata}, 0, b""
    for name, t in tensors.items():
        dtype, numpy_type = DTYPES[t.dtype]
        raw = t.contiguous().numpy().astype(numpy_type).tobytes()
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        offset += len(raw)
        data += raw
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * (-len(h) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)) + h + data)


write("cnn.safetensors", state, {"format": "pt"})
expected = {"input": x, "labels": y.float(), "probabilities": probabilities,
            "loss": torch.tensor([loss.item()], dtype=torch.float64)}
expected.update({"step." + k: v for k, v in after.items()})
write("cnn_expected.safetensors", expected, {"torch": torch.__version__})
print("torch", torch.__version__, "loss", loss.item(), "tensors", list(state))
