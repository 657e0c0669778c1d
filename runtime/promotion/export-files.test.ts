import { describe, expect, it } from 'vitest';
import { flowDefinitionSchema, type FlowDefinitionInput } from '../../shared/flow.ts';
import { exportFiles, reservedFlowIds, writtenByExport, type InstallationContent } from './export-files.ts';

const def = (extra: Partial<FlowDefinitionInput> = {}) =>
  flowDefinitionSchema.parse({
    id: 'orders',
    name: 'Orders',
    schemaVersion: 1,
    nodes: [
      { id: 'in', type: 'trigger.manual', ui: { position: { y: 2, x: 1 } } },
      { id: 'map', type: 'map.jsonata', config: { expression: '$', zeta: { b: 1, a: 2 } } },
    ],
    edges: [{ id: 'e1', source: 'in', target: 'map' }],
    ...extra,
  });

const content = (over: Partial<InstallationContent> = {}): InstallationContent => ({
  flows: [def()],
  lookups: [
    {
      name: 'codes',
      entries: [
        { key: 'b', value: { y: 1, x: 2 } },
        { key: 'a', value: 'A' },
      ],
    },
  ],
  variables: [{ name: 'ERP_COMPANY', description: 'Company code' }, { name: 'A_LIMIT' }],
  connections: [{ id: 'erp', name: 'ERP', kind: 'https' }],
  ...over,
});

describe('exportFiles', () => {
  it('writes each file in one canonical form: fixed order for a flow, sorted keys elsewhere, two spaces, a newline', () => {
    const files = exportFiles(content());
    expect([...files.keys()]).toEqual(['orders.json', 'lookups/codes.json', 'variables.json', 'connections.json']);
    expect(files.get('orders.json')).toBe(
      `${JSON.stringify(
        {
          id: 'orders',
          name: 'Orders',
          schemaVersion: 1,
          settings: {},
          nodes: [
            { id: 'in', type: 'trigger.manual', typeVersion: 1, config: {}, ui: { position: { x: 1, y: 2 } } },
            { id: 'map', type: 'map.jsonata', typeVersion: 1, config: { expression: '$', zeta: { a: 2, b: 1 } } },
          ],
          edges: [{ id: 'e1', source: 'in', sourcePort: 'out', target: 'map', targetPort: 'in' }],
        },
        null,
        2,
      )}\n`,
    );
    expect(JSON.parse(files.get('lookups/codes.json')!)).toEqual({
      entries: [
        { key: 'a', value: 'A' },
        { key: 'b', value: { x: 2, y: 1 } },
      ],
      name: 'codes',
    });
    expect(files.get('variables.json')).toBe(
      '{\n  "variables": [\n    {\n      "name": "A_LIMIT"\n    },\n    {\n      "description": "Company code",\n      "name": "ERP_COMPANY"\n    }\n  ]\n}\n',
    );
  });

  it('gives the same bytes whatever order the runtime listed things in', () => {
    const a = content();
    const b = content({
      flows: [
        def({
          nodes: [
            { ui: { position: { x: 1, y: 2 } }, type: 'trigger.manual', id: 'in' },
            { config: { zeta: { a: 2, b: 1 }, expression: '$' }, id: 'map', type: 'map.jsonata' },
          ],
        }),
      ],
      lookups: [{ name: 'codes', entries: [...a.lookups[0]!.entries].reverse() }],
      variables: [...a.variables!].reverse(),
    });
    expect(exportFiles(b)).toEqual(exportFiles(a));
  });

  it('writes no variables file when the runtime has no variables to list', () => {
    expect(exportFiles(content({ variables: null })).has('variables.json')).toBe(false);
  });

  it('recognises only the files it writes', () => {
    const files = exportFiles(content());
    for (const [path, text] of files)
      expect(writtenByExport(path, text), path).toBe(path !== 'variables.json' && path !== 'connections.json');
    const flow = files.get('orders.json')!;
    expect(writtenByExport('orders.json', JSON.stringify(JSON.parse(flow)))).toBe(false); // reformatted by hand
    expect(writtenByExport('other.json', flow)).toBe(false); // named for another flow
    expect(writtenByExport('notes.json', '{"a": 1}\n')).toBe(false);
    expect(writtenByExport('broken.json', '{')).toBe(false);
    expect(writtenByExport('lookups/other.json', files.get('lookups/codes.json')!)).toBe(false);
  });

  it('names the flows whose file would take the place of the variables or connections list', () => {
    expect(reservedFlowIds([{ id: 'variables' }, { id: 'orders' }, { id: 'connections' }])).toEqual([
      'variables',
      'connections',
    ]);
  });
});
