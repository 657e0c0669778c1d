import { describe, it, expect } from 'vitest';
import { EditorState } from '@codemirror/state';
import { CompletionContext, type CompletionResult } from '@codemirror/autocomplete';
import { jsonata } from './jsonata-language.ts';
import { jsonataCompletion, type CompletionSamples } from './jsonata-completion.ts';

const samples: CompletionSamples = {
  input: { customer: { name: 'Ada', 'first name': 'A' }, lines: [{ amount: 1 }, { sku: 'x' }], total: 12 },
  trigger: { body: { dealId: 7 } },
  steps: { lookup: { score: 3 }, 'send-mail': { ok: true } },
  env: [
    { name: 'ERP_BASE', value: 'https://erp.example.com', description: 'ERP API' },
    { name: 'ERP_COMPANY', value: '1000' },
  ],
};

function complete(docWithCursor: string, explicit = false): { from: number; labels: string[] } | null {
  const pos = docWithCursor.indexOf('|');
  const doc = docWithCursor.replace('|', '');
  const state = EditorState.create({ doc, extensions: [jsonata()] });
  const result = jsonataCompletion(() => samples)(
    new CompletionContext(state, pos, explicit),
  ) as CompletionResult | null;
  return result && { from: result.from, labels: result.options.map((o) => o.label) };
}

describe('jsonata completion', () => {
  it('offers top-level input fields for a name', () => {
    expect(complete('cu|')).toEqual({ from: 0, labels: ['customer', 'lines', 'total'] });
  });

  it('offers the fields under a dotted prefix, looking through arrays and predicates', () => {
    expect(complete('$sum(lines.|')).toEqual({ from: 11, labels: ['amount', 'sku'] });
    expect(complete('lines[amount > 0].a|')?.labels).toEqual(['amount', 'sku']);
    expect(complete('customer.|')?.labels).toEqual(['name', '`first name`']);
    expect(complete('$.customer.n|')?.labels).toEqual(['name', '`first name`']);
  });

  it('offers bindings and functions after a dollar', () => {
    const labels = complete('$|')!.labels;
    expect(labels.slice(0, 4)).toEqual(['$trigger', '$steps', '$run', '$env']);
    expect(labels).toEqual(expect.arrayContaining(['$sum', '$lookup', '$formatNumber', '$toMillis']));
  });

  it('offers the fields of the trigger, the steps and the run', () => {
    expect(complete('$trigger.|')?.labels).toEqual(['body']);
    expect(complete('$trigger.body.d|')).toEqual({ from: 14, labels: ['dealId'] });
    expect(complete('$steps.|')?.labels).toEqual(['lookup', '`send-mail`']);
    expect(complete('$steps.lookup.|')?.labels).toEqual(['score']);
    expect(complete('$run.|')?.labels).toEqual(['id', 'flowId', 'version', 'correlationId', 'mode']);
  });

  it("offers the installation's variables after $env.", () => {
    expect(complete('$env.|')).toEqual({ from: 5, labels: ['ERP_BASE', 'ERP_COMPANY'] });
    expect(complete("$env.ERP_B| & '/projects'")?.labels).toEqual(['ERP_BASE', 'ERP_COMPANY']);
    expect(complete('$env.ERP_BASE.|')).toBeNull();
  });

  it('stays quiet where nothing fits', () => {
    expect(complete('|')).toBeNull();
    expect(complete('"cu|"')).toBeNull();
    expect(complete('/* cu| */')).toBeNull();
    expect(complete('12|')).toBeNull();
    expect(complete('unknown.|')).toBeNull();
    expect(complete('$nope.|')).toBeNull();
  });

  it('offers everything when asked explicitly on nothing', () => {
    const labels = complete('|', true)!.labels;
    expect(labels).toEqual(expect.arrayContaining(['customer', 'total', '$trigger', '$sum']));
  });
});
