import {
  autocompletion,
  pickedCompletion,
  type Completion,
  type CompletionContext,
  type CompletionResult,
  type CompletionSource,
} from '@codemirror/autocomplete';
import { syntaxTree } from '@codemirror/language';
import type { Extension } from '@codemirror/state';
import type { EditorView } from '@codemirror/view';
import { fieldPaths, pathSegment, segmentKey, splitPath } from './field-paths.ts';
import { JSONATA_FUNCTIONS } from './jsonata-functions.ts';

/** The sample values completion learns field names from. */
export interface CompletionSamples {
  /** The input, `$`. */
  input?: unknown;
  /** `$trigger`. */
  trigger?: unknown;
  /** `$steps`, by node id. */
  steps?: Record<string, unknown>;
  /** `$env`: the installation's variables. */
  env?: readonly { name: string; value: string; description?: string }[];
}

interface PathNode {
  option: Completion;
  children: Map<string, PathNode>;
}

type Tree = Map<string, PathNode>;

const RUN_FIELDS: [string, string][] = [
  ['id', 'Id of the run'],
  ['flowId', 'Id of the flow'],
  ['version', 'Published version that runs'],
  ['correlationId', 'Correlation id of the run'],
  ['mode', 'How the run was started'],
];

/** The dotted path (with optional `[…]` predicates) that ends at the cursor. */
const PATH_BEFORE = /(?:[$\p{L}\p{N}_]|`[^`\n]*`?|\.|\[[^[\]\n]*\])*$/u;
const PATH_PART = /`[^`]*`?|\[[^\]]*\]|\.|[^.`[]+/gu;

function describe(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) return value.length === 1 ? 'list of 1' : `list of ${value.length}`;
  if (value !== null && typeof value === 'object') return 'object';
  const text = JSON.stringify(value);
  return text.length > 28 ? text.slice(0, 27) + '…' : text;
}

/** The first value a key holds in a sample, looking through arrays as JSONata does. */
function valueAt(sample: unknown, key: string, budget = 50): unknown {
  if (Array.isArray(sample)) {
    for (const item of sample.slice(0, budget)) {
      const v = valueAt(item, key, Math.floor(budget / 2));
      if (v !== undefined) return v;
    }
    return undefined;
  }
  return sample !== null && typeof sample === 'object' ? (sample as Record<string, unknown>)[key] : undefined;
}

function fieldTree(sample: unknown): Tree {
  const root: Tree = new Map();
  const values = new Map<Tree, unknown>([[root, sample]]);
  for (const path of fieldPaths(sample)) {
    let level = root;
    for (const segment of splitPath(path)) {
      const key = segmentKey(segment);
      let node = level.get(key);
      if (!node) {
        const value = valueAt(values.get(level), key);
        node = { option: { label: segment, type: 'property', detail: describe(value) }, children: new Map() };
        values.set(node.children, value);
        level.set(key, node);
      }
      level = node.children;
    }
  }
  return root;
}

function applyFunction(name: string, takesArgs: boolean) {
  return (view: EditorView, completion: Completion, from: number, to: number) => {
    const callFollows = view.state.sliceDoc(to, to + 1) === '(';
    const insert = callFollows ? name : `${name}()`;
    const cursor = from + insert.length - (callFollows || !takesArgs ? 0 : 1);
    view.dispatch({
      changes: { from, to, insert },
      selection: { anchor: cursor },
      userEvent: 'input.complete',
      annotations: pickedCompletion.of(completion),
    });
  };
}

/** Everything that starts with `$`: the bindings, the input itself and the built-in functions. */
function variableTree(samples: CompletionSamples): Tree {
  const vars: Tree = new Map();
  const add = (name: string, option: Omit<Completion, 'label'>, children: Tree = new Map()) =>
    vars.set(name, { option: { label: name, ...option }, children });

  const steps: Tree = new Map();
  for (const [id, output] of Object.entries(samples.steps ?? {})) {
    const segment = pathSegment(id);
    if (segment)
      steps.set(id, {
        option: { label: segment, type: 'property', detail: describe(output), info: `Output of step ${id}` },
        children: fieldTree(output),
      });
  }
  const run: Tree = new Map(
    RUN_FIELDS.map(([key, info]) => [key, { option: { label: key, type: 'property', info }, children: new Map() }]),
  );

  add(
    '$trigger',
    { type: 'variable', detail: 'trigger event', info: 'The event that started the run.', boost: 2 },
    fieldTree(samples.trigger),
  );
  add(
    '$steps',
    {
      type: 'variable',
      detail: 'step outputs',
      info: 'Outputs of earlier steps, by node id: $steps.<nodeId>.',
      boost: 2,
    },
    steps,
  );
  add(
    '$run',
    { type: 'variable', detail: 'run info', info: 'The run: id, flowId, version, correlationId, mode.', boost: 2 },
    run,
  );
  const env: Tree = new Map();
  for (const v of samples.env ?? [])
    env.set(v.name, {
      option: { label: v.name, type: 'constant', detail: describe(v.value), info: v.description || undefined },
      children: new Map(),
    });
  add(
    '$env',
    {
      type: 'variable',
      detail: 'variables',
      info: "This installation's variables (Variables page): $env.NAME.",
      boost: 2,
    },
    env,
  );
  for (const fn of JSONATA_FUNCTIONS) {
    const label = '$' + fn.name;
    // Among equally good matches the shorter name comes first: `$su` offers $sum before $substring.
    const sortText = `${String(label.length).padStart(2, '0')}${label}`;
    add(label, {
      type: 'function',
      detail: `(${fn.args})`,
      info: fn.info,
      sortText,
      apply: applyFunction(label, fn.args !== ''),
    });
  }
  return vars;
}

interface Roots {
  input: Tree;
  vars: Tree;
}

function buildRoots(samples: CompletionSamples): Roots {
  return { input: fieldTree(samples.input), vars: variableTree(samples) };
}

function parsePath(text: string): { parents: string[]; partial: string; partialStart: number } {
  const parents: string[] = [];
  let partial = '';
  let partialStart = 0;
  for (const m of text.matchAll(PATH_PART)) {
    const part = m[0];
    if (part === '.') {
      parents.push(partial);
      partial = '';
      partialStart = m.index + 1;
    } else if (!part.startsWith('[')) partial += part;
  }
  return { parents, partial, partialStart };
}

function resolve(roots: Roots, parents: string[]): Tree | null {
  const [first, ...rest] = parents;
  let level: Tree | undefined;
  if (first === '$' || first === '$$') level = roots.input;
  else if (first.startsWith('$')) level = roots.vars.get(first)?.children;
  else level = roots.input.get(segmentKey(first))?.children;
  for (const key of rest) level = level?.get(segmentKey(key))?.children;
  return level ?? null;
}

function inStringOrComment(context: CompletionContext): boolean {
  return /^(?:string|comment|regexp)/.test(syntaxTree(context.state).resolveInner(context.pos, -1).name);
}

/**
 * Completes field paths of the sample input (`customer.name`), the bindings
 * (`$trigger.…`, `$steps.<nodeId>.…`, `$run.…`, `$env.…`) and JSONata's built-in functions.
 * `samples` is read on every request, so it may return fresh samples at any time.
 */
export function jsonataCompletion(samples: () => CompletionSamples): CompletionSource {
  let cache: { samples: CompletionSamples; roots: Roots } | null = null;
  const rootsFor = (s: CompletionSamples) => {
    if (cache?.samples !== s) cache = { samples: s, roots: buildRoots(s) };
    return cache.roots;
  };

  return (context: CompletionContext): CompletionResult | null => {
    if (inStringOrComment(context)) return null;
    const word = context.matchBefore(PATH_BEFORE);
    const text = word?.text ?? '';
    if (!text && !context.explicit) return null;
    if (/^[\p{N}.[]/u.test(text)) return null;

    const roots = rootsFor(samples());
    const { parents, partial, partialStart } = parsePath(text);
    const from = context.pos - text.length + partialStart;
    let options: Completion[];
    if (parents.length === 0) {
      const fields = [...roots.input.values()].map((n) => n.option);
      const vars = [...roots.vars.values()].map((n) => n.option);
      options = partial.startsWith('$') ? vars : partial ? fields : [...fields, ...vars];
    } else {
      const level = resolve(roots, parents);
      if (!level) return null;
      options = [...level.values()].map((n) => n.option);
    }
    if (options.length === 0) return null;
    return { from, options, validFor: /^[`$\p{L}\p{N}_]*$/u };
  };
}

/** Autocompletion for a JSONata editor, from the given samples. */
export function jsonataAutocompletion(samples: () => CompletionSamples): Extension {
  return autocompletion({ override: [jsonataCompletion(samples)], icons: true });
}
