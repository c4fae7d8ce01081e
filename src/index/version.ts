/** Version of how chunk vectors and retrieval texts are derived; a change makes the index stale. */
export const RETRIEVAL_VERSION = '1.0.0';
