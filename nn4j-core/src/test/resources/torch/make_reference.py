# Makes mlp.safetensors and mlp_expected.txt, the PyTorch reference for TorchWeightsTest.
# Run once with python3 and torch (no safetensors package needed: the format is written by hand below).
import json, struct
import torch

torch.manual_seed(0)
model = torch.nn.Sequential(
    torch.nn.Linear(6, 5), torch.nn.ReLU(),
    torch.nn.Linear(5, 4), torch.nn.Tanh(),
    torch.nn.Linear(4, 3), torch.nn.Softmax(dim=1))
x = torch.randn(4, 6)
with torch.no_grad():
    y = model(x)

tensors = {k: v.detach().contiguous() for k, v in model.state_dict().items()}
header, offset, data = {"__metadata__": {"format": "pt"}}, 0, b""
for name, t in tensors.items():
    raw = t.numpy().astype("<f4").tobytes()
    header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
    offset += len(raw)
    data += raw
h = json.dumps(header, separators=(",", ":")).encode()
h += b" " * (-len(h) % 8)
with open("mlp.safetensors", "wb") as f:
    f.write(struct.pack("<Q", len(h)) + h + data)
with open("mlp_expected.txt", "w") as f:
    f.write("# torch %s: inputs (4x6) then softmax outputs (4x3), float32 printed with 9 significant digits\n"
            % torch.__version__)
    for row in x.tolist():
        f.write(" ".join("%.9g" % v for v in row) + "\n")
    for row in y.tolist():
        f.write(" ".join("%.9g" % v for v in row) + "\n")
