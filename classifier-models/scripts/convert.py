#!/usr/bin/python3
"""Converts the nsfwjs TF.js models to ONNX and writes a model card beside each.

    /usr/bin/python3 convert.py CATALOGUE EXTRACTED_DIR OUT_DIR

CATALOGUE is models.json; EXTRACTED_DIR holds <id>/model.json and <id>/weights.bin as written by
extract-models.cjs; OUT_DIR receives models/<id>/model.onnx, model-card.json and model-card.md.

Needs only Debian's python3-onnx and python3-numpy. The output is deterministic: the same inputs
give the same bytes. Two kinds of TF.js model are read:
- Keras layers models (MobileNetV2, InceptionV3): modelTopology.model_config.config.layers;
- TF.js graph models (MobileNetV2Mid): modelTopology.node, a frozen TensorFlow graph.
The ONNX graph takes the same NHWC float32 tensor as nsfwjs ("input", dynamic batch), transposes it
once to NCHW, runs every convolution and pooling in NCHW and returns softmax probabilities ("probs").
"""
import base64
import hashlib
import json
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

CONVERTER = "safety-plane nsfwjs-to-onnx"
CONVERTER_VERSION = "1.0.0"
OPSET = 13
IR_VERSION = 7
INPUT, OUTPUT = "input", "probs"
NHWC_TO_NCHW_AXIS = {0: 0, 1: 2, 2: 3, 3: 1}


class ConversionError(Exception):
    pass


def read_weights(model_json, weights_bin):
    """Dequantises every weight as tfjs does: value = q * scale + min in float64, stored as float32."""
    data = open(weights_bin, "rb").read()
    weights, offset = {}, 0
    for group in model_json["weightsManifest"]:
        for spec in group["weights"]:
            count = int(np.prod(spec["shape"], dtype=np.int64))
            q = spec.get("quantization")
            if spec["dtype"] != "float32":
                raise ConversionError(f"weight {spec['name']}: dtype {spec['dtype']} is not supported")
            if q is None:
                values = np.frombuffer(data, "<f4", count, offset)
                offset += 4 * count
            elif q["dtype"] == "uint8":
                raw = np.frombuffer(data, np.uint8, count, offset)
                values = (raw.astype(np.float64) * q["scale"] + q["min"]).astype(np.float32)
                offset += count
            else:
                raise ConversionError(f"weight {spec['name']}: quantization {q['dtype']} is not supported")
            weights[spec["name"]] = values.reshape(spec["shape"])
    if offset != len(data):
        raise ConversionError(f"the manifest describes {offset} bytes, the shards hold {len(data)}")
    return weights


class Graph:
    """Collects ONNX nodes and initializers; names are kept unique and deterministic."""

    def __init__(self):
        self.nodes, self.initializers, self.names = [], [], set()

    def const(self, name, array):
        name = self.unique(name)
        self.initializers.append(numpy_helper.from_array(np.ascontiguousarray(array), name))
        return name

    def unique(self, name):
        base, n = name, 1
        while name in self.names:
            n += 1
            name = f"{base}_{n}"
        self.names.add(name)
        return name

    def op(self, op_type, inputs, name, **attrs):
        out = self.unique(name)
        self.nodes.append(helper.make_node(op_type, inputs, [out], name=out, **attrs))
        return out

    def conv(self, x, kernel_hwio, bias, name, strides, dilations, padding, depthwise=False):
        """TF Conv2D (HWIO) or depthwise conv ([kh, kw, C, M]) as an ONNX Conv in NCHW."""
        if depthwise:
            kh, kw, c, m = kernel_hwio.shape
            weight = kernel_hwio.transpose(2, 3, 0, 1).reshape(c * m, 1, kh, kw)
            attrs = {"group": c}
        else:
            weight = kernel_hwio.transpose(3, 2, 0, 1)
            attrs = {}
        inputs = [x, self.const(name + "/weight", weight)]
        if bias is not None:
            inputs.append(self.const(name + "/bias", bias))
        attrs.update(kernel_shape=list(weight.shape[2:]), strides=list(strides), dilations=list(dilations))
        return self.op("Conv", inputs, name, **same_or_valid(padding), **attrs)

    def activation(self, x, kind, name):
        if kind in (None, "linear"):
            return x
        if kind == "relu":
            return self.op("Relu", [x], name + "/relu")
        if kind == "relu6":
            return self.clip(x, 0.0, 6.0, name + "/relu6")
        if kind == "softmax":
            return self.op("Softmax", [x], name + "/softmax", axis=-1)
        raise ConversionError(f"{name}: activation {kind} is not supported")

    def clip(self, x, lo, hi, name):
        lo_name = self.const(name + "/min", np.array(lo, np.float32))
        hi_name = self.const(name + "/max", np.array(hi, np.float32))
        return self.op("Clip", [x, lo_name, hi_name], name)

    def dense(self, x, kernel, bias, name):
        y = self.op("MatMul", [x, self.const(name + "/kernel", kernel)], name + "/matmul")
        if bias is None:
            return y
        return self.op("Add", [y, self.const(name + "/bias", bias)], name + "/bias_add")

    def batch_norm(self, x, gamma, beta, mean, var, epsilon, name):
        ins = [x] + [self.const(f"{name}/{k}", v) for k, v in
                     (("gamma", gamma), ("beta", beta), ("mean", mean), ("var", var))]
        return self.op("BatchNormalization", ins, name, epsilon=float(epsilon))

    def pool(self, op_type, x, size, strides, padding, name):
        return self.op(op_type, [x], name, kernel_shape=list(size), strides=list(strides), **same_or_valid(padding))

    def flatten_nhwc(self, x, name):
        """Keras flattens in NHWC order: transpose back from NCHW before flattening."""
        t = self.op("Transpose", [x], name + "/to_nhwc", perm=[0, 2, 3, 1])
        return self.op("Flatten", [t], name, axis=1)


def same_or_valid(padding):
    padding = padding.upper()
    if padding == "SAME":  # TF puts the odd padding pixel at the end, as SAME_UPPER does
        return {"auto_pad": "SAME_UPPER"}
    if padding == "VALID":
        return {"auto_pad": "VALID"}
    raise ConversionError(f"padding {padding} is not supported")


def convert_layers_model(model_json, weights, g, x):
    """Keras layers model: one ONNX subgraph per layer, in the order Keras lists them."""
    config = model_json["modelTopology"]["model_config"]["config"]
    outputs = {}  # layer name -> ONNX tensor name

    def inputs_of(layer):
        nodes = layer["inbound_nodes"]
        if len(nodes) != 1:
            raise ConversionError(f"layer {layer['name']}: shared layers are not supported")
        return [outputs[n[0]] for n in nodes[0]]

    def w(layer, param):
        key = f"{layer['name']}/{param}"
        if key not in weights:
            raise ConversionError(f"layer {layer['name']}: the weights manifest has no {key}")
        return weights[key]

    for layer in config["layers"]:
        kind, c, name = layer["class_name"], layer["config"], layer["name"]
        if kind == "InputLayer":
            outputs[name] = x
            continue
        ins = inputs_of(layer)
        if kind == "Conv2D" or kind == "DepthwiseConv2D":
            depthwise = kind == "DepthwiseConv2D"
            kernel = w(layer, "depthwise_kernel" if depthwise else "kernel")
            bias = w(layer, "bias") if c.get("use_bias") else None
            y = g.conv(ins[0], kernel, bias, name, c["strides"], c["dilation_rate"], c["padding"], depthwise)
            y = g.activation(y, c["activation"], name)
        elif kind == "BatchNormalization":
            if c["axis"] not in (-1, 3):
                raise ConversionError(f"layer {name}: batch normalisation over axis {c['axis']}")
            mean, var = w(layer, "moving_mean"), w(layer, "moving_variance")
            gamma = w(layer, "gamma") if c.get("scale", True) else np.ones_like(mean)
            beta = w(layer, "beta") if c.get("center", True) else np.zeros_like(mean)
            y = g.batch_norm(ins[0], gamma, beta, mean, var, c["epsilon"], name)
        elif kind == "ReLU":
            if c.get("negative_slope", 0) != 0 or c.get("threshold", 0) != 0:
                raise ConversionError(f"layer {name}: leaky or thresholded ReLU is not supported")
            y = g.clip(ins[0], 0.0, float(c["max_value"]), name) if c.get("max_value") is not None \
                else g.op("Relu", ins, name)
        elif kind == "Activation":
            y = g.activation(ins[0], c["activation"], name)
        elif kind == "ZeroPadding2D":
            (top, bottom), (left, right) = c["padding"]
            pads = g.const(name + "/pads", np.array([0, 0, top, left, 0, 0, bottom, right], np.int64))
            y = g.op("Pad", [ins[0], pads], name, mode="constant")
        elif kind == "Add":
            y = g.op("Add" if len(ins) == 2 else "Sum", ins, name)
        elif kind == "Concatenate":
            y = g.op("Concat", ins, name, axis=NHWC_TO_NCHW_AXIS[c["axis"] % 4])
        elif kind in ("AveragePooling2D", "MaxPooling2D"):
            op_type = "AveragePool" if kind == "AveragePooling2D" else "MaxPool"
            y = g.pool(op_type, ins[0], c["pool_size"], c["strides"], c["padding"], name)
        elif kind == "Flatten":
            y = g.flatten_nhwc(ins[0], name)
        elif kind == "Dense":
            y = g.dense(ins[0], w(layer, "kernel"), w(layer, "bias") if c.get("use_bias") else None, name)
            y = g.activation(y, c["activation"], name)
        elif kind == "Dropout":
            y = ins[0]  # inference: identity
        else:
            raise ConversionError(f"layer {name}: Keras layer {kind} is not supported")
        if c.get("data_format", "channels_last") != "channels_last":
            raise ConversionError(f"layer {name}: data format {c['data_format']}")
        outputs[name] = y
    (out_layer, _, _), = config["output_layers"]
    return outputs[out_layer]


def tf_attr(node, key, default=None):
    """Reads one attribute of a TF graph node as stored by the TF.js converter."""
    value = node.get("attr", {}).get(key)
    if value is None:
        return default
    if "s" in value:
        return base64.b64decode(value["s"]).decode()
    if "list" in value:
        lst = value["list"]
        if "s" in lst:
            return [base64.b64decode(s).decode() for s in lst["s"]]
        if "i" in lst:
            return [int(i) for i in lst["i"]]
        return []
    if "i" in value:
        return int(value["i"])
    if "f" in value:
        return float(value["f"])
    if "b" in value:
        return bool(value["b"])
    return value


def spatial(nhwc_list):
    return nhwc_list[1:3]


def convert_graph_model(model_json, weights, g, x):
    """Frozen TF graph (TF.js graph model): one ONNX subgraph per node, in graph order."""
    nodes = model_json["modelTopology"]["node"]
    tensors, ranks, consts = {}, {}, {}

    def fused_tail(node, y, args):
        """BiasAdd is folded into Conv by the caller; the remaining fused ops follow it."""
        ops = tf_attr(node, "fused_ops", [])
        if not ops or ops[0] != "BiasAdd" or len(args) != 1:
            raise ConversionError(f"node {node['name']}: fused ops {ops} are not supported")
        for op in ops[1:]:
            y = g.activation(y, {"Relu": "relu", "Relu6": "relu6"}.get(op, op), node["name"])
        return y

    for node in nodes:
        op, name, ins = node["op"], node["name"], node.get("input", [])
        if op == "Const":
            consts[name] = weights[name]
            continue
        if op == "Placeholder":
            tensors[name], ranks[name] = x, 4
            continue
        if tf_attr(node, "data_format", "NHWC") != "NHWC":
            raise ConversionError(f"node {name}: data format {tf_attr(node, 'data_format')}")
        args = [a.split(":")[0] for a in ins if not a.startswith("^")]
        if op in ("_FusedConv2D", "FusedDepthwiseConv2dNative"):
            kernel, bias = consts[args[1]], consts[args[2]]
            y = g.conv(tensors[args[0]], kernel, bias, name, spatial(tf_attr(node, "strides")),
                       spatial(tf_attr(node, "dilations")), tf_attr(node, "padding"),
                       depthwise=op == "FusedDepthwiseConv2dNative")
            y, rank = fused_tail(node, y, args[2:]), 4
        elif op in ("Mul", "Sub", "AddV2", "Add"):
            operands, rank = [], max(ranks.get(a, 0) for a in args)
            for a in args:
                if a in consts:
                    c = consts[a]
                    if c.ndim == 1 and rank == 4:  # per-channel NHWC constant -> NCHW broadcast
                        c = c.reshape(1, -1, 1, 1)
                    operands.append(g.const(a, c))
                else:
                    operands.append(tensors[a])
            y = g.op({"AddV2": "Add"}.get(op, op), operands, name)
        elif op in ("AvgPool", "MaxPool"):
            y = g.pool("AveragePool" if op == "AvgPool" else "MaxPool", tensors[args[0]],
                       spatial(tf_attr(node, "ksize")), spatial(tf_attr(node, "strides")),
                       tf_attr(node, "padding"), name)
            rank = 4
        elif op == "Squeeze":
            dims = sorted(d % 4 for d in tf_attr(node, "squeeze_dims", []))
            if ranks[args[0]] != 4 or dims != [1, 2]:  # [N,H,W,C] with H = W = 1 -> [N,C]
                raise ConversionError(f"node {name}: only squeezing [N,1,1,C] to [N,C] is supported")
            axes = g.const(name + "/axes", np.array([NHWC_TO_NCHW_AXIS[d] for d in dims], np.int64))
            y, rank = g.op("Squeeze", [tensors[args[0]], axes], name), 2
        elif op == "_FusedMatMul":
            if tf_attr(node, "transpose_a") or tf_attr(node, "transpose_b"):
                raise ConversionError(f"node {name}: transposed MatMul is not supported")
            y = g.dense(tensors[args[0]], consts[args[1]], consts[args[2]], name)
            y, rank = fused_tail(node, y, args[2:]), 2
        elif op == "Softmax":
            y, rank = g.op("Softmax", [tensors[args[0]]], name, axis=-1), ranks[args[0]]
        elif op == "Identity":
            y, rank = tensors[args[0]], ranks[args[0]]
        else:
            raise ConversionError(f"node {name}: TensorFlow op {op} is not supported")
        tensors[name], ranks[name] = y, rank
    outputs = model_json.get("userDefinedMetadata", {}).get("signature", {}).get("outputs", {})
    if len(outputs) != 1:
        raise ConversionError("the graph model's signature must name exactly one output")
    (output,) = outputs.values()
    return tensors[output["name"].split(":")[0]]


def convert(entry, catalogue, model_json, weights):
    size = entry["size"]
    g = Graph()
    g.names.update([INPUT, OUTPUT])
    x = g.op("Transpose", [INPUT], "input/to_nchw", perm=[0, 3, 1, 2])
    if model_json.get("format") == "graph-model":
        y = convert_graph_model(model_json, weights, g, x)
    else:
        y = convert_layers_model(model_json, weights, g, x)
    g.nodes.append(helper.make_node("Identity", [y], [OUTPUT], name=OUTPUT))
    labels = catalogue["labels"]
    graph = helper.make_graph(
        g.nodes, entry["id"].replace("-", "_"),
        [helper.make_tensor_value_info(INPUT, TensorProto.FLOAT, ["N", size, size, 3])],
        [helper.make_tensor_value_info(OUTPUT, TensorProto.FLOAT, ["N", len(labels)])],
        g.initializers)
    package = catalogue["package"]
    model = helper.make_model(
        graph, opset_imports=[helper.make_opsetid("", OPSET)], ir_version=IR_VERSION,
        producer_name=CONVERTER, producer_version=CONVERTER_VERSION, model_version=1,
        doc_string=f"{entry['name']} from {package['name']} {package['version']} ({entry['source']}); "
                   f"input NHWC RGB in [0, 1], output softmax over {', '.join(labels)}")
    helper.set_model_props(model, {
        "id": entry["id"], "labels": ",".join(labels), "input_size": str(size),
        "source": f"{package['name']}@{package['version']}/{entry['source']}",
    })
    onnx.checker.check_model(model)
    return model


def model_card(entry, catalogue, model_json, weight_bytes, onnx_bytes):
    package, size = catalogue["package"], entry["size"]
    return {
        "id": entry["id"],
        "name": entry["name"],
        "version": package["version"],
        "default": entry["default"],
        "architecture": entry["architecture"],
        "source": {
            "package": package["name"], "version": package["version"], "sha256": package["sha256"],
            "path": entry["source"], "nsfwjsName": entry["nsfwjsName"],
            "format": model_json.get("format", "layers-model"),
            "weights": f"{weight_bytes} bytes, uint8-quantised (value = q * scale + min), dequantised to float32",
        },
        "license": {
            "spdx": package["license"],
            "package": f"{package['name']} {package['version']}: {package['license']}, {package['copyright']}",
            "model": "The weights come from the GantMan/nsfw_model project (MIT licence, 2020), "
                     "which nsfwjs converted and packages",
            "trainingData": "Undocumented provenance: nsfw_model was trained on images gathered by "
                            "nsfw_data_scraper from web and Reddit URLs; the consent and licensing of "
                            "those images are not documented.",
        },
        "labels": catalogue["labels"],
        "input": {"name": INPUT, "layout": "NHWC", "shape": [-1, size, size, 3], "height": size,
                  "width": size, "channels": 3, "dtype": "float32", "batch": "dynamic"},
        "preprocessing": {
            "colorSpace": "RGB", "alpha": "dropped, not composited",
            "scale": "value / 255, giving [0, 1]", "mean": None, "std": None,
            "resize": {"method": "bilinear", "alignCorners": True, "width": size, "height": size,
                       "keepAspectRatio": False,
                       "note": "straight to the model size, no crop or padding; skipped when the image already has that size"},
            "internalRescale": entry["internalRescale"],
        },
        "output": {"name": OUTPUT, "shape": [-1, len(catalogue["labels"])], "dtype": "float32",
                   "activation": "softmax", "labelOrder": catalogue["labels"]},
        "onnx": {"file": "model.onnx", "sha256": hashlib.sha256(onnx_bytes).hexdigest(),
                 "bytes": len(onnx_bytes), "opset": OPSET, "irVersion": IR_VERSION},
        "converter": {"name": CONVERTER, "version": CONVERTER_VERSION, "onnx": onnx.__version__,
                      "numpy": np.__version__},
    }


def card_markdown(card):
    src, inp, pre = card["source"], card["input"], card["preprocessing"]
    lines = [
        f"# {card['name']} (`{card['id']}`)", "",
        f"{card['architecture']}. Converted to ONNX (opset {card['onnx']['opset']}) by "
        f"{card['converter']['name']} {card['converter']['version']} from `{src['package']}` "
        f"{src['version']}, `{src['path']}` (package sha256 `{src['sha256']}`).", "",
        f"- Labels, in output order: {', '.join(card['labels'])} (softmax, tensor `{card['output']['name']}`).",
        f"- Input `{inp['name']}`: float32 NHWC [N, {inp['height']}, {inp['width']}, 3], dynamic batch.",
        f"- Preprocessing: RGB, alpha dropped, values / 255 (no mean/std), bilinear resize with "
        f"align-corners straight to {inp['width']}x{inp['height']}."
        + (f" The model rescales internally: {pre['internalRescale']}." if pre["internalRescale"] else ""),
        f"- Weights: {src['weights']}.",
        f"- model.onnx sha256 `{card['onnx']['sha256']}` ({card['onnx']['bytes']} bytes).",
        f"- Licence: {card['license']['package']} {card['license']['model']}.",
        f"- Training data: {card['license']['trainingData']}", "",
    ]
    return "\n".join(lines)


def main(argv):
    if len(argv) != 4:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    catalogue = json.load(open(argv[1]))
    for entry in catalogue["models"]:
        src = os.path.join(argv[2], entry["id"])
        model_json = json.load(open(os.path.join(src, "model.json")))
        weights = read_weights(model_json, os.path.join(src, "weights.bin"))
        model = convert(entry, catalogue, model_json, weights)
        data = model.SerializeToString()
        out = os.path.join(argv[3], "models", entry["id"])
        os.makedirs(out, exist_ok=True)
        with open(os.path.join(out, "model.onnx"), "wb") as f:
            f.write(data)
        card = model_card(entry, catalogue, model_json, os.path.getsize(os.path.join(src, "weights.bin")), data)
        with open(os.path.join(out, "model-card.json"), "w") as f:
            f.write(json.dumps(card, indent=2) + "\n")
        with open(os.path.join(out, "model-card.md"), "w") as f:
            f.write(card_markdown(card))
        counts = {}
        for n in model.graph.node:
            counts[n.op_type] = counts.get(n.op_type, 0) + 1
        summary = ", ".join(f"{v} {k}" for k, v in sorted(counts.items(), key=lambda kv: -kv[1]))
        print(f"converted {entry['id']}: {len(data)} bytes, sha256 {card['onnx']['sha256']}; {summary}",
              file=sys.stderr)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except ConversionError as e:
        print(f"classifier-models: conversion failed: {e}", file=sys.stderr)
        sys.exit(1)
