import { z } from 'zod';
import type { TestCase } from '../../../shared/flow-tests.ts';
import { useEditor } from '../editor/store.ts';
import { JsonField } from './json-field.tsx';
import { schemaProblem } from './json-checks.ts';
import { updateCase } from './use-test-actions.ts';

const stringMap = z.record(z.string(), z.string());

/** What the case starts with: which trigger, its input and headers, and a description. */
export function InputEditor({ testCase }: { testCase: TestCase }) {
  const name = testCase.name;
  const triggers = useEditor((s) => s.nodes).filter((n) => n.data.node.type.startsWith('trigger.'));
  return (
    <div className="tests-form">
      <div className="field">
        <label htmlFor="case-description">Description</label>
        <textarea
          id="case-description"
          rows={2}
          className="tests-prose"
          maxLength={2000}
          value={testCase.description ?? ''}
          onChange={(e) => updateCase(name, { description: e.target.value || undefined }, 'description')}
          placeholder="What this case makes sure of, e.g. a won deal for a new customer creates the ERP project"
        />
      </div>
      {triggers.length > 1 && (
        <div className="field">
          <label htmlFor="case-trigger">Trigger</label>
          <select
            id="case-trigger"
            value={testCase.trigger ?? ''}
            onChange={(e) => updateCase(name, { trigger: e.target.value || undefined }, 'trigger')}
          >
            <option value="">The flow's first trigger</option>
            {triggers.map((t) => (
              <option key={t.id} value={t.id}>
                {t.data.node.name || t.id} ({t.id})
              </option>
            ))}
          </select>
        </div>
      )}
      <JsonField
        id="case-input"
        label="Trigger input (JSON)"
        value={testCase.input}
        required="Enter the trigger input as JSON (null for none); an empty box is not saved."
        onChange={(input) => updateCase(name, { input }, 'input')}
      />
      <JsonField
        id="case-headers"
        label="Request headers (JSON object, optional)"
        value={testCase.headers}
        check={(v) => schemaProblem(stringMap, v, 'an object of header names to text values')}
        onChange={(headers) => updateCase(name, { headers: headers as TestCase['headers'] }, 'headers')}
      />
    </div>
  );
}
