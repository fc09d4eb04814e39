"""Turn CTranslate2 Whisper weights back into an openai-whisper checkpoint.

The weights we ship offline are CTranslate2 conversions (``model.bin``). That
file is a flat list of named tensors (format written by
``ctranslate2/specs/model_spec.py``, ``ModelSpec._serialize``)::

    u32 version | str spec name | u32 revision | u32 count
    count x (str name | u8 rank | rank x u32 dim | u8 dtype | u32 nbytes | bytes)
    u32 alias count | alias count x (str alias | str target)

where ``str`` is a u16 length (including a trailing NUL) and the bytes. The
names follow ``ctranslate2/specs/whisper_spec.py``; mapping them back to
openai-whisper's module names undoes three things the converter did:
self-attention query/key/value are stacked into one linear, cross-attention
key/value into another, and key projections carry a zero bias Whisper lacks.
The output projection is an alias of the token embedding (tied weights).
Dimensions are read off tensor shapes; a 51865-token vocabulary is
multilingual, 51864 is English-only.

Only torch is needed here; loading the checkpoint is :mod:`qa.asr.openai_engine`'s job.
"""

from __future__ import annotations

import base64
import gzip
import json
import logging
import os
import re
import struct
from dataclasses import dataclass
from pathlib import Path

import torch
from callqa.qa.errors import ConversionError

logger = logging.getLogger(__name__)

CHECKPOINT_NAME = "openai-whisper.pt"
SUPPORTED_BINARY_VERSIONS = (5, 6)
MULTILINGUAL_VOCAB = 51865  # tokens in the multilingual vocabulary; English-only has one fewer
# DataType enum of ctranslate2 (include/ctranslate2/types.h), in type-id order.
CT2_DTYPES = (torch.float32, torch.int8, torch.int16, torch.int32, torch.float16, torch.bfloat16)
KEY_BIAS_TOLERANCE = 1e-6  # a key bias above this is not the zero CTranslate2 pads in


@dataclass(frozen=True)
class Ct2Weights:
    """The contents of a CTranslate2 ``model.bin``."""

    spec: str
    revision: int
    variables: dict[str, torch.Tensor]
    aliases: dict[str, str]  # alias name -> name of the variable it shares

    def get(self, name: str) -> torch.Tensor:
        return self.variables[self.aliases.get(name, name)]


def read_ct2(path: Path) -> Ct2Weights:
    """Read every tensor of a CTranslate2 ``model.bin``."""
    path = Path(path)
    try:
        data = bytearray(path.read_bytes())
    except OSError as exc:
        raise ConversionError(f"{path}: cannot read CTranslate2 weights ({exc})") from exc
    offset = 0

    def unpack(fmt: str) -> int:
        nonlocal offset
        (value,) = struct.unpack_from("<" + fmt, data, offset)
        offset += struct.calcsize(fmt)
        return value

    def string() -> str:
        nonlocal offset
        length = unpack("H")
        text = data[offset : offset + length - 1].decode("utf-8")
        offset += length
        return text

    try:
        version = unpack("I")
        if version not in SUPPORTED_BINARY_VERSIONS:
            raise ConversionError(f"{path}: CTranslate2 binary version {version} not supported")
        spec, revision = string(), unpack("I")
        variables: dict[str, torch.Tensor] = {}
        for _ in range(unpack("I")):
            name = string()
            shape = [unpack("I") for _ in range(unpack("B"))]
            dtype, nbytes = CT2_DTYPES[unpack("B")], unpack("I")
            flat = torch.frombuffer(data[offset : offset + nbytes], dtype=dtype)
            variables[name] = flat.reshape(shape) if shape else flat[0]
            offset += nbytes
        aliases = {string(): string() for _ in range(unpack("I"))}
    except (struct.error, IndexError, RuntimeError, UnicodeDecodeError) as exc:
        raise ConversionError(f"{path}: not a readable CTranslate2 model.bin ({exc})") from exc
    return Ct2Weights(spec, revision, variables, aliases)


def whisper_dims(weights: Ct2Weights) -> dict[str, int]:
    """openai-whisper ``ModelDimensions`` fields, from tensor shapes."""
    if weights.spec != "WhisperSpec":
        raise ConversionError(f"weights are a {weights.spec}, not a Whisper model")
    v = weights.variables
    n_vocab, n_text_state = v["decoder/embeddings/weight"].shape
    return {
        "n_mels": int(v["encoder/conv1/weight"].shape[1]),
        "n_audio_ctx": int(v["encoder/position_encodings/encodings"].shape[0]),
        "n_audio_state": int(v["encoder/conv1/weight"].shape[0]),
        "n_audio_head": int(v["encoder/num_heads"]),
        "n_audio_layer": _count_layers(v, "encoder"),
        "n_vocab": int(n_vocab),
        "n_text_ctx": int(v["decoder/position_encodings/encodings"].shape[0]),
        "n_text_state": int(n_text_state),
        "n_text_head": int(v["decoder/num_heads"]),
        "n_text_layer": _count_layers(v, "decoder"),
    }


def is_multilingual(dims: dict[str, int]) -> bool:
    return dims["n_vocab"] >= MULTILINGUAL_VOCAB


def whisper_state_dict(weights: Ct2Weights) -> dict[str, torch.Tensor]:
    """openai-whisper's ``model_state_dict`` from CTranslate2 Whisper weights."""
    dims = whisper_dims(weights)
    get = weights.get
    out: dict[str, torch.Tensor] = {}
    for i in (1, 2):
        out[f"encoder.conv{i}.weight"] = get(f"encoder/conv{i}/weight")
        out[f"encoder.conv{i}.bias"] = get(f"encoder/conv{i}/bias")
    out["encoder.positional_embedding"] = get("encoder/position_encodings/encodings")
    for i in range(dims["n_audio_layer"]):
        _block(get, out, f"encoder/layer_{i}", f"encoder.blocks.{i}", cross=False)
    _layer_norm(get, out, "encoder/layer_norm", "encoder.ln_post")

    out["decoder.token_embedding.weight"] = get("decoder/embeddings/weight")
    out["decoder.positional_embedding"] = get("decoder/position_encodings/encodings")
    for i in range(dims["n_text_layer"]):
        _block(get, out, f"decoder/layer_{i}", f"decoder.blocks.{i}", cross=True)
    _layer_norm(get, out, "decoder/layer_norm", "decoder.ln")
    untied = "decoder/projection/weight" in weights.variables  # stored apart, not an alias
    if untied and not torch.equal(
        get("decoder/projection/weight"), get("decoder/embeddings/weight")
    ):
        raise ConversionError("output projection differs from the token embedding")
    for name, tensor in out.items():
        if not tensor.is_floating_point():
            raise ConversionError(
                f"{name}: quantized ({tensor.dtype}) CTranslate2 weights cannot be converted; "
                "use a float16 or float32 conversion"
            )
    return out


def alignment_heads_dump(heads: list[list[int]], n_layer: int, n_head: int) -> bytes:
    """``(layer, head)`` pairs in the base85 gzip form ``Whisper.set_alignment_heads`` reads."""
    mask = torch.zeros(n_layer, n_head, dtype=torch.bool)
    for layer, head in heads:
        mask[layer, head] = True
    return base64.b85encode(gzip.compress(mask.numpy().tobytes()))


def checkpoint_path(model_dir: Path) -> Path:
    """Where the converted checkpoint for the weights in ``model_dir`` is kept."""
    return Path(model_dir) / CHECKPOINT_NAME


def ensure_checkpoint(model_dir: Path, target: Path | None = None) -> Path:
    """Convert ``model_dir/model.bin`` into an openai-whisper ``.pt`` once; return its path.

    The checkpoint records the size and mtime of the ``model.bin`` it came from
    and is rebuilt when they change. It keeps CTranslate2's float type (usually
    float16); openai-whisper casts on load.
    """
    model_dir = Path(model_dir)
    source = model_dir / "model.bin"
    target = Path(target) if target is not None else checkpoint_path(model_dir)
    stamp = _stamp(source)
    if target.is_file():
        try:
            saved = torch.load(target, map_location="cpu", weights_only=True, mmap=True)
            if saved.get("source") == stamp:
                return target
        except Exception as exc:  # a torn or foreign file: rebuild it
            logger.warning("%s: unreadable checkpoint (%s); converting again", target, exc)
    logger.info("converting %s to an openai-whisper checkpoint at %s", source, target)
    weights = read_ct2(source)
    dims = whisper_dims(weights)
    checkpoint = {
        "dims": dims,
        "model_state_dict": {k: v.clone() for k, v in whisper_state_dict(weights).items()},
        "source": stamp,
    }
    heads = _alignment_heads(model_dir / "config.json")
    if heads:
        checkpoint["alignment_heads"] = alignment_heads_dump(
            heads, dims["n_text_layer"], dims["n_text_head"]
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial-{os.getpid()}")
    try:
        torch.save(checkpoint, partial)
        os.replace(partial, target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise ConversionError(
            f"{target}: cannot write the openai-whisper checkpoint ({exc})"
        ) from exc
    return target


def _block(get, out: dict[str, torch.Tensor], ct2: str, whisper: str, *, cross: bool) -> None:
    _self_attention(get, out, f"{ct2}/self_attention", f"{whisper}.attn")
    _layer_norm(get, out, f"{ct2}/self_attention/layer_norm", f"{whisper}.attn_ln")
    if cross:
        _cross_attention(get, out, f"{ct2}/attention", f"{whisper}.cross_attn")
        _layer_norm(get, out, f"{ct2}/attention/layer_norm", f"{whisper}.cross_attn_ln")
    for ct2_index, whisper_index in ((0, 0), (1, 2)):  # mlp = Linear, GELU, Linear
        out[f"{whisper}.mlp.{whisper_index}.weight"] = get(f"{ct2}/ffn/linear_{ct2_index}/weight")
        out[f"{whisper}.mlp.{whisper_index}.bias"] = get(f"{ct2}/ffn/linear_{ct2_index}/bias")
    _layer_norm(get, out, f"{ct2}/ffn/layer_norm", f"{whisper}.mlp_ln")


def _self_attention(get, out: dict[str, torch.Tensor], ct2: str, whisper: str) -> None:
    q_w, k_w, v_w = get(f"{ct2}/linear_0/weight").chunk(3, dim=0)
    q_b, k_b, v_b = get(f"{ct2}/linear_0/bias").chunk(3, dim=0)
    _check_zero_key_bias(k_b, ct2)
    _put_qkv(out, whisper, q_w, q_b, k_w, v_w, v_b)
    out[f"{whisper}.out.weight"] = get(f"{ct2}/linear_1/weight")
    out[f"{whisper}.out.bias"] = get(f"{ct2}/linear_1/bias")


def _cross_attention(get, out: dict[str, torch.Tensor], ct2: str, whisper: str) -> None:
    k_w, v_w = get(f"{ct2}/linear_1/weight").chunk(2, dim=0)
    k_b, v_b = get(f"{ct2}/linear_1/bias").chunk(2, dim=0)
    _check_zero_key_bias(k_b, ct2)
    _put_qkv(
        out, whisper, get(f"{ct2}/linear_0/weight"), get(f"{ct2}/linear_0/bias"), k_w, v_w, v_b
    )
    out[f"{whisper}.out.weight"] = get(f"{ct2}/linear_2/weight")
    out[f"{whisper}.out.bias"] = get(f"{ct2}/linear_2/bias")


def _put_qkv(out, whisper: str, q_w, q_b, k_w, v_w, v_b) -> None:
    out[f"{whisper}.query.weight"], out[f"{whisper}.query.bias"] = q_w, q_b
    out[f"{whisper}.key.weight"] = k_w  # Whisper's key projection has no bias
    out[f"{whisper}.value.weight"], out[f"{whisper}.value.bias"] = v_w, v_b


def _layer_norm(get, out: dict[str, torch.Tensor], ct2: str, whisper: str) -> None:
    out[f"{whisper}.weight"] = get(f"{ct2}/gamma")
    out[f"{whisper}.bias"] = get(f"{ct2}/beta")


def _check_zero_key_bias(bias: torch.Tensor, where: str) -> None:
    if bias.float().abs().max() > KEY_BIAS_TOLERANCE:
        raise ConversionError(f"{where}: key bias is not zero; not a Whisper conversion")


def _count_layers(variables: dict[str, torch.Tensor], stack: str) -> int:
    pattern = re.compile(rf"^{stack}/layer_(\d+)/")
    found = {int(m.group(1)) for name in variables if (m := pattern.match(name))}
    if found != set(range(len(found))):
        raise ConversionError(f"{stack} layers are not numbered 0..n-1: {sorted(found)}")
    return len(found)


def _alignment_heads(config_path: Path) -> list[list[int]]:
    try:
        return list(json.loads(config_path.read_text(encoding="utf-8")).get("alignment_heads", []))
    except (OSError, ValueError):
        return []


def _stamp(source: Path) -> dict[str, int]:
    try:
        info = source.stat()
    except OSError as exc:
        raise ConversionError(f"{source}: no CTranslate2 weights to convert ({exc})") from exc
    return {"size": info.st_size, "mtime_ns": info.st_mtime_ns}
