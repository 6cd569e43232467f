"""Generates the tiny ONNX models that test `gridbox detect --model onnx:FILE --arch yolov5|yolov8`.

Each model ignores its input's content (it multiplies the input mean by 0) and returns a constant
YOLO-shaped output, so a test can compute the expected detections by hand:

  const_yolov8.onnx: input [1, 3, 64, 64] -> output [1, 4 + 2, 3]  (Ultralytics YOLOv8 export layout:
                     per candidate cx, cy, w, h in input pixels, then 2 sigmoid class scores)
  const_yolov5.onnx: input [1, 3, 64, 64] -> output [1, 3, 5 + 2]  (YOLOv5 export layout:
                     cx, cy, w, h, objectness, 2 class scores)

Run: python3 make_onnx.py   (torch 1.13.0a0 from Debian's python3-torch, opset 12; no network)
"""
import torch

V8 = torch.tensor([[
    # candidate:   0      1      2
    [32.0, 16.0, 48.0],   # cx
    [32.0, 16.0, 40.0],   # cy
    [20.0, 8.0, 10.0],    # w
    [10.0, 8.0, 10.0],    # h
    [0.90, 0.10, 0.05],   # class 0 score
    [0.05, 0.60, 0.20],   # class 1 score
]])

V5 = torch.tensor([[
    # cx    cy    w     h    obj   c0    c1
    [32.0, 32.0, 20.0, 10.0, 0.9, 1.0, 0.0],
    [16.0, 16.0, 8.0, 8.0, 0.8, 0.25, 0.75],
    [48.0, 40.0, 10.0, 10.0, 0.1, 0.5, 0.5],
]])


class Const(torch.nn.Module):
    def __init__(self, value):
        super().__init__()
        self.register_buffer("value", value)

    def forward(self, x):
        return self.value + x.mean() * 0.0


for name, value in (("const_yolov8.onnx", V8), ("const_yolov5.onnx", V5)):
    torch.onnx.export(Const(value), torch.zeros(1, 3, 64, 64), name, opset_version=12,
                      input_names=["images"], output_names=["output0"])
    print("wrote", name)
