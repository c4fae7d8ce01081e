// Loads a model folder with @huggingface/transformers (transformers.js v3) the
// way the bot does (local files only, dtype q8, CPU), embeds the texts in a
// JSON file, and writes embeddings, token ids and a latency measurement to a
// JSON file for convert_and_verify.py to compare. Development-time only.
//
// usage: node verify_transformersjs.mjs <node_modules dir> <modelsDir> <modelId>
//             <pooling: cls|mean> <texts.json> <out.json>
// texts.json: {"texts": [...], "questions": [...]}
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [nodeModules, modelsDir, modelId, pooling, textsPath, outPath] = process.argv.slice(2);
if (!outPath) {
  console.error('usage: node verify_transformersjs.mjs <node_modules> <modelsDir> <modelId> <cls|mean> <texts.json> <out.json>');
  process.exit(2);
}
const entry = path.join(nodeModules, '@huggingface', 'transformers', 'dist', 'transformers.node.mjs');
const tjsPkg = JSON.parse(readFileSync(path.join(nodeModules, '@huggingface', 'transformers', 'package.json'), 'utf8'));
const ortPkg = JSON.parse(readFileSync(path.join(nodeModules, 'onnxruntime-node', 'package.json'), 'utf8'));
const { env, pipeline } = await import(pathToFileURL(entry).href);

env.allowLocalModels = true;
env.allowRemoteModels = false;
env.localModelPath = path.resolve(modelsDir) + path.sep;
env.cacheDir = path.resolve(modelsDir);

const { texts, questions } = JSON.parse(readFileSync(textsPath, 'utf8'));

const t0 = performance.now();
const extractor = await pipeline('feature-extraction', modelId, {
  dtype: 'q8',
  device: 'cpu',
  local_files_only: true,
  session_options: { logSeverityLevel: 3 },
});
const loadMs = performance.now() - t0;

// Token ids exactly as the pipeline's tokenizer produces them (truncation on, as in the pipeline).
const tokenIds = texts.map((t) => Array.from(extractor.tokenizer(t, { truncation: true }).input_ids.data, Number));

// Embeddings of each text on its own (batch of one), and in batches of 32
// (padded to the longest text) as the bot does. With a dynamically quantised
// (int8) model the two differ slightly: the activation scale is computed over
// the whole batch tensor.
const single = [];
for (const t of texts) {
  const out = await extractor(t, { pooling, normalize: true });
  single.push(Array.from(out.data));
  out.dispose?.();
}
const batched = [];
for (let i = 0; i < texts.length; i += 32) {
  const batch = texts.slice(i, i + 32);
  const out = await extractor(batch, { pooling, normalize: true });
  const [rows, width] = out.dims;
  for (let r = 0; r < rows; r++) batched.push(Array.from(out.data.subarray(r * width, (r + 1) * width)));
  out.dispose?.();
}

// Single-text latency: 5 warm-up calls, then three passes over the 100
// questions, one at a time. The machine may be shared, so each pass's p50 is
// reported too; the lowest is the least disturbed.
for (let i = 0; i < 5; i++) (await extractor(questions[i], { pooling, normalize: true })).dispose?.();
const lat = [];
const passP50 = [];
const p50 = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (let pass = 0; pass < 3; pass++) {
  const one = [];
  for (const q of questions) {
    const s = performance.now();
    const out = await extractor(q, { pooling, normalize: true });
    one.push(performance.now() - s);
    out.dispose?.();
  }
  passP50.push(p50(one));
  lat.push(...one);
}
const sorted = [...lat].sort((a, b) => a - b);
const pct = (p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

writeFileSync(
  outPath,
  JSON.stringify({
    transformers_js_version: tjsPkg.version,
    onnxruntime_node_version: ortPkg.version,
    node_version: process.version,
    load_ms: loadMs,
    latency_ms: { n: lat.length, p50: pct(50), p90: pct(90), min: sorted[0], max: sorted[sorted.length - 1], mean: lat.reduce((a, b) => a + b, 0) / lat.length, pass_p50: passP50 },
    token_ids: tokenIds,
    embeddings_single: single,
    embeddings_batched: batched,
  }),
);
console.log(`transformers.js ${tjsPkg.version} / onnxruntime-node ${ortPkg.version}: loaded ${modelId} in ${loadMs.toFixed(0)} ms; p50 ${pct(50).toFixed(1)} ms`);
await extractor.dispose();
