/**
 * Writes a tiny, deterministic transformers.js model folder for tests:
 *
 *   <modelsDir>/<model>/config.json
 *   <modelsDir>/<model>/tokenizer.json          (BERT WordPiece, a few dozen tokens)
 *   <modelsDir>/<model>/tokenizer_config.json
 *   <modelsDir>/<model>/onnx/model.onnx
 *
 * The ONNX graph takes input_ids / attention_mask / token_type_ids (int64
 * [batch, seq]) and returns last_hidden_state (float [batch, seq, hidden]):
 *
 *   last_hidden_state = (Gather(word_emb, input_ids) + Gather(type_emb, token_type_ids))
 *                       * Unsqueeze(Cast<float>(attention_mask), -1)
 *
 * The embedding tables are pseudo-random from a fixed seed, so two runs of the
 * generator produce byte-identical files. Nothing here touches the network.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import onnxProto from 'onnx-proto';
import { createRng as mulberry32 } from '../../src/bench/random.js';

const { onnx } = onnxProto;

export const TINY_SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;

/** Lower-case word pieces; everything else becomes [UNK]. */
export const TINY_WORDS = [
  'the', 'a', 'of', 'in', 'how', 'many', 'were', 'was', 'polling', 'station', '##s',
  'observe', '##d', '##r', 'visit', 'weather', 'cold', 'election', 'vote', 'count',
  'ballot', 'report', 'mission', 'day', '1', ',', '.', '?', '##7', '##3',
] as const;

export const TINY_VOCAB: readonly string[] = [...TINY_SPECIAL_TOKENS, ...TINY_WORDS];

export interface TinyModelOptions {
  /** Width of the hidden state (the embedding dimension). Default 8. */
  hidden?: number;
  /** Seed of the embedding tables. Default 1234. */
  seed?: number;
  /** Also write onnx/model_quantized.onnx (same float graph, different seed). Default false. */
  withQuantized?: boolean;
}


function randomTable(rows: number, cols: number, rand: () => number): number[] {
  const out: number[] = [];
  for (let i = 0; i < rows * cols; i++) out.push(rand() * 2 - 1);
  return out;
}

type Dim = number | string;

function valueInfo(
  name: string,
  elemType: number,
  dims: readonly Dim[],
): InstanceType<typeof onnx.ValueInfoProto> {
  return onnx.ValueInfoProto.create({
    name,
    type: onnx.TypeProto.create({
      tensorType: onnx.TypeProto.Tensor.create({
        elemType,
        shape: onnx.TensorShapeProto.create({
          dim: dims.map((d) =>
            typeof d === 'number'
              ? onnx.TensorShapeProto.Dimension.create({ dimValue: d })
              : onnx.TensorShapeProto.Dimension.create({ dimParam: d }),
          ),
        }),
      }),
    }),
  });
}

/** Serialises the tiny encoder graph to ONNX protobuf bytes. */
export function buildTinyOnnx(vocabSize: number, hidden: number, seed: number): Uint8Array {
  const { FLOAT, INT64 } = onnx.TensorProto.DataType;
  const rand = mulberry32(seed);

  const wordEmb = onnx.TensorProto.create({
    name: 'word_emb',
    dataType: FLOAT,
    dims: [vocabSize, hidden],
    floatData: randomTable(vocabSize, hidden, rand),
  });
  const typeEmb = onnx.TensorProto.create({
    name: 'type_emb',
    dataType: FLOAT,
    dims: [2, hidden],
    floatData: randomTable(2, hidden, rand),
  });
  const axes = onnx.TensorProto.create({
    name: 'unsqueeze_axes',
    dataType: INT64,
    dims: [1],
    int64Data: [-1],
  });

  const node = (
    opType: string,
    inputs: string[],
    output: string,
    attribute: InstanceType<typeof onnx.AttributeProto>[] = [],
  ) => onnx.NodeProto.create({ opType, input: inputs, output: [output], name: output, attribute });

  const graph = onnx.GraphProto.create({
    name: 'tiny_encoder',
    initializer: [wordEmb, typeEmb, axes],
    input: [
      valueInfo('input_ids', INT64, ['batch_size', 'sequence_length']),
      valueInfo('attention_mask', INT64, ['batch_size', 'sequence_length']),
      valueInfo('token_type_ids', INT64, ['batch_size', 'sequence_length']),
    ],
    output: [valueInfo('last_hidden_state', FLOAT, ['batch_size', 'sequence_length', hidden])],
    node: [
      node('Gather', ['word_emb', 'input_ids'], 'word_vectors', [
        onnx.AttributeProto.create({ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 0 }),
      ]),
      node('Gather', ['type_emb', 'token_type_ids'], 'type_vectors', [
        onnx.AttributeProto.create({ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 0 }),
      ]),
      node('Add', ['word_vectors', 'type_vectors'], 'summed'),
      node('Cast', ['attention_mask'], 'mask_float', [
        onnx.AttributeProto.create({ name: 'to', type: onnx.AttributeProto.AttributeType.INT, i: FLOAT }),
      ]),
      node('Unsqueeze', ['mask_float', 'unsqueeze_axes'], 'mask_3d'),
      node('Mul', ['summed', 'mask_3d'], 'last_hidden_state'),
    ],
  });

  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'verbatim-tests',
    opsetImport: [onnx.OperatorSetIdProto.create({ domain: '', version: 13 })],
    graph,
  });
  return onnx.ModelProto.encode(model).finish();
}

function tokenizerJson(vocab: readonly string[]): unknown {
  const id = (t: string): number => {
    const i = vocab.indexOf(t);
    if (i < 0) throw new Error(`token ${t} not in vocab`);
    return i;
  };
  const special = (t: string) => ({ SpecialToken: { id: t, type_id: 0 } });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: TINY_SPECIAL_TOKENS.map((content) => ({
      id: id(content),
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: {
      type: 'BertNormalizer',
      clean_text: true,
      handle_chinese_chars: true,
      strip_accents: null,
      lowercase: true,
    },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [special('[CLS]'), { Sequence: { id: 'A', type_id: 0 } }, special('[SEP]')],
      pair: [
        special('[CLS]'),
        { Sequence: { id: 'A', type_id: 0 } },
        special('[SEP]'),
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: {
        '[CLS]': { id: '[CLS]', ids: [id('[CLS]')], tokens: ['[CLS]'] },
        '[SEP]': { id: '[SEP]', ids: [id('[SEP]')], tokens: ['[SEP]'] },
      },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(vocab.map((t, i) => [t, i])),
    },
  };
}

/**
 * Writes the tiny model to `<modelsDir>/<model>/` and returns that folder.
 * `model` may contain one slash ("tiny/test-model").
 */
export async function writeTinyModel(
  modelsDir: string,
  model: string,
  options: TinyModelOptions = {},
): Promise<string> {
  const hidden = options.hidden ?? 8;
  const seed = options.seed ?? 1234;
  const dir = path.join(modelsDir, ...model.split('/'));
  await mkdir(path.join(dir, 'onnx'), { recursive: true });

  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  await writeFile(
    path.join(dir, 'config.json'),
    json({
      model_type: 'bert',
      architectures: ['BertModel'],
      hidden_size: hidden,
      vocab_size: TINY_VOCAB.length,
      type_vocab_size: 2,
      max_position_embeddings: 64,
      num_attention_heads: 1,
      num_hidden_layers: 1,
      pad_token_id: 0,
    }),
  );
  await writeFile(path.join(dir, 'tokenizer.json'), json(tokenizerJson(TINY_VOCAB)));
  await writeFile(
    path.join(dir, 'tokenizer_config.json'),
    json({
      tokenizer_class: 'BertTokenizer',
      do_lower_case: true,
      model_max_length: 64,
      cls_token: '[CLS]',
      sep_token: '[SEP]',
      pad_token: '[PAD]',
      unk_token: '[UNK]',
      mask_token: '[MASK]',
      clean_up_tokenization_spaces: true,
    }),
  );
  await writeFile(path.join(dir, 'onnx', 'model.onnx'), buildTinyOnnx(TINY_VOCAB.length, hidden, seed));
  if (options.withQuantized) {
    await writeFile(
      path.join(dir, 'onnx', 'model_quantized.onnx'),
      buildTinyOnnx(TINY_VOCAB.length, hidden, seed + 1),
    );
  }
  return dir;
}
