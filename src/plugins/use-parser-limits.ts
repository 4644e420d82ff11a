import { GraphQLError, Lexer, Source, TokenKind } from "graphql";
import type { Plugin } from "graphql-yoga";

/**
 * Bounds a document before it is parsed: at most `maxTokens` tokens and `maxNesting` levels of
 * brackets, braces and parentheses, checked by one flat pass of graphql-js's own lexer. graphql-js
 * parses by recursive descent, so a 2,000-deep list literal exhausts the stack before a token count
 * kept inside the parser (graphql-armor's, or graphql-js's `maxTokens`) is reached: the answer was
 * an HTTP 500 "Maximum call stack size exceeded". Counting first, without recursion, stops it.
 */
export interface ParserLimits {
  maxTokens: number;
  maxNesting: number;
}

const OPENING = new Set<string>([TokenKind.BRACKET_L, TokenKind.BRACE_L, TokenKind.PAREN_L]);
const CLOSING = new Set<string>([TokenKind.BRACKET_R, TokenKind.BRACE_R, TokenKind.PAREN_R]);

const syntaxError = (message: string) =>
  new GraphQLError(`Syntax Error: ${message}`, { extensions: { code: "GRAPHQL_PARSE_FAILED" } });

/** Throws a parse error when the document is over either limit; lexing errors are thrown as they are. */
function checkParserLimits(body: string, limits: ParserLimits): void {
  const lexer = new Lexer(new Source(body));
  let tokens = 0;
  let depth = 0;
  for (let token = lexer.advance(); token.kind !== TokenKind.EOF; token = lexer.advance()) {
    if (++tokens > limits.maxTokens) throw syntaxError(`more than ${limits.maxTokens} tokens`);
    if (OPENING.has(token.kind) && ++depth > limits.maxNesting)
      throw syntaxError(`nested deeper than ${limits.maxNesting} levels`);
    if (CLOSING.has(token.kind)) depth--;
  }
}

export function useParserLimits(limits: ParserLimits): Plugin {
  return {
    onParse({ parseFn, setParseFn }) {
      setParseFn((source, options) => {
        checkParserLimits(typeof source === "string" ? source : source.body, limits);
        return parseFn(source, { ...options, maxTokens: limits.maxTokens });
      });
    },
  };
}
