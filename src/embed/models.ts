/**
 * The conventions of the transformers.js models this project knows: how
 * their token vectors are pooled and what their authors prepend to queries
 * and passages. A model's own conventions are the defaults; the environment
 * (EMBEDDER_POOLING, EMBEDDER_QUERY_PREFIX, EMBEDDER_PASSAGE_PREFIX) may
 * override them. A model not listed here defaults to mean pooling and no
 * prefixes.
 */
export interface ModelConventions {
  pooling: 'mean' | 'cls';
  queryPrefix: string;
  passagePrefix: string;
}

const KNOWN: Readonly<Record<string, ModelConventions>> = {
  // BAAI's model card: CLS pooling; the instruction on queries for retrieval.
  'bge-small-en-v1.5': { pooling: 'cls', queryPrefix: 'Represent this sentence for searching relevant passages: ', passagePrefix: '' },
  // intfloat's model card: mean pooling; "query: " and "passage: " on every input.
  'e5-small-v2': { pooling: 'mean', queryPrefix: 'query: ', passagePrefix: 'passage: ' },
  // sentence-transformers: mean pooling, symmetric.
  'all-MiniLM-L6-v2': { pooling: 'mean', queryPrefix: '', passagePrefix: '' },
  'gte-small': { pooling: 'mean', queryPrefix: '', passagePrefix: '' },
};

/** The conventions of a model id ("Xenova/bge-small-en-v1.5" and "bge-small-en-v1.5" alike). */
export function conventionsOf(model: string): ModelConventions {
  const name = model.split('/').pop() ?? model;
  return KNOWN[name] ?? { pooling: 'mean', queryPrefix: '', passagePrefix: '' };
}
