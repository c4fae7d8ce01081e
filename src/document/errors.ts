/** Input the parser cannot make a document of. The message is one line, fit for a user. */
export class ParseError extends Error {
  override name = 'ParseError';
}
