import { z } from 'zod';

/** A JSON Schema as the OpenAPI document gives it ($refs resolved; a circular one stays a $ref). */
export type JsonSchema = Record<string, unknown>;

/** One parameter of an operation: where it goes, whether it must be given, and its schema. */
export interface OperationParameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  description?: string;
  schema?: JsonSchema;
}

/** One call an OpenAPI document describes, reduced to what a step needs to make it. */
export interface Operation {
  /** The document's operationId, or "<METHOD> <path>" when it has none. */
  operationId: string;
  method: string;
  path: string;
  summary?: string;
  parameters: OperationParameter[];
  /** The JSON request body: its schema and whether the operation requires one. */
  requestBody?: { required: boolean; schema?: JsonSchema };
  /** The first 2xx answer with a JSON body. */
  response?: { status: string; schema?: JsonSchema };
}

/** A connection's current document as steps use it: its version and its operations. */
export interface ConnectionSpec {
  connectionId: string;
  /** 1 for the first document stored for the connection, one more for every replacement. */
  version: number;
  /** SHA-256 of the document's canonical JSON. */
  hash: string;
  operations: Operation[];
  paging?: Paging | null;
}

const itemsPath = z
  .string()
  .max(500)
  .optional()
  .describe(
    'Where the items are in each page\'s body, as a dotted path (e.g. "data.items"); the body itself when it is a list',
  );
const limits = {
  maxPages: z.number().int().min(1).max(10_000).default(100).describe('Pages read at most; past it the step fails'),
  maxItems: z
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .default(10_000)
    .describe('Items gathered at most; past it the step fails'),
};

/** How an operation's answers are read page by page; all the pages' items become one list. */
export const pagingSchema = z.discriminatedUnion('style', [
  z
    .object({
      style: z.literal('cursor'),
      cursorPath: z
        .string()
        .min(1)
        .max(500)
        .describe('Where the next page\'s cursor is in the body, e.g. "meta.nextCursor"; none ends'),
      cursorParam: z.string().min(1).max(200).describe('The query parameter the cursor is sent in, e.g. "cursor"'),
      itemsPath,
      ...limits,
    })
    .strict(),
  z
    .object({
      style: z.literal('offset'),
      offsetParam: z
        .string()
        .min(1)
        .max(200)
        .default('offset')
        .describe("The query parameter of the first item's position"),
      limitParam: z.string().min(1).max(200).default('limit').describe('The query parameter of the page size'),
      limit: z.number().int().min(1).max(10_000).default(100).describe('Items per page; a shorter page is the last'),
      itemsPath,
      ...limits,
    })
    .strict(),
  z
    .object({
      style: z.literal('link'),
      itemsPath,
      ...limits,
    })
    .strict()
    .describe('RFC 8288 Link header: the next page is the URL with rel="next"'),
]);
export type Paging = z.output<typeof pagingSchema>;
