/**
 * The part of n3 (2.x ships no type declarations, and there is no @types package for it here) that the tests use:
 * its synchronous parser, whose quads are RDF/JS quads.
 */
declare module "n3" {
  import type { Quad } from "@rdfjs/types";

  export class Parser {
    constructor(options?: { format?: string; baseIRI?: string });
    parse(input: string): Quad[];
  }
}
