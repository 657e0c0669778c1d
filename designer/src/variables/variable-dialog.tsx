import { useEffect, useState } from 'react';
import { api, ApiError } from '../api/client.ts';
import { Field, TextField } from '../ui/form.tsx';
import { FormDialog, useFormValues } from '../ui/form-dialog.tsx';
import {
  VARIABLE_MAX_DESCRIPTION,
  VARIABLE_NAME,
  VARIABLE_NAME_RULE,
  valueProblem,
  type Variable,
} from '../../../shared/variables.ts';
import { variablePath } from './variables-api.ts';

type Errors = { name?: string; value?: string; description?: string };

/** What the runtime said about one field (422 names the field; a 400 lists issues by path). */
function fieldErrors(err: unknown): Errors | null {
  if (!(err instanceof ApiError)) return null;
  const d = err.details as { field?: string; issues?: { path: string; message: string }[] } | undefined;
  if (d?.field === 'value') return { value: err.message };
  const issue = d?.issues?.[0];
  if (issue && (issue.path === 'value' || issue.path === 'description')) return { [issue.path]: issue.message };
  if (issue?.path === 'name') return { name: issue.message };
  return null;
}

/** Adds a variable (`editing` 'new') or changes the value and description of one. */
export function VariableDialog({
  editing,
  onClose,
  onSaved,
}: {
  editing: Variable | 'new' | null;
  onClose: () => void;
  onSaved: (v: Variable, created: boolean) => void;
}) {
  const old = editing !== 'new' ? editing : null;
  const [f, set] = useFormValues(editing, () => ({
    name: old?.name ?? '',
    value: old?.value ?? '',
    description: old?.description ?? '',
  }));
  const [errors, setErrors] = useState<Errors>({});
  useEffect(() => {
    if (editing !== null) setErrors({});
  }, [editing]);
  const change = (k: keyof Errors, v: string) => {
    set(k, v);
    if (errors[k]) setErrors((e) => ({ ...e, [k]: undefined }));
  };

  const submit = async () => {
    const name = f.name.trim();
    const found: Errors = {};
    if (!VARIABLE_NAME.test(name))
      found.name = name === '' ? 'Give the variable a name.' : `Not a name: ${VARIABLE_NAME_RULE}.`;
    const problem = valueProblem(f.value);
    if (problem) found.value = `${problem[0]!.toUpperCase()}${problem.slice(1)}.`;
    if (f.description.length > VARIABLE_MAX_DESCRIPTION)
      found.description = `At most ${VARIABLE_MAX_DESCRIPTION} characters.`;
    setErrors(found);
    if (Object.keys(found).length > 0) throw new Error('Correct the fields marked above.');
    try {
      const saved = await api.put<Variable>(variablePath(name), { value: f.value, description: f.description });
      onSaved(saved, old === null);
    } catch (err) {
      const inPlace = fieldErrors(err);
      if (!inPlace) throw err;
      setErrors(inPlace);
      throw new Error('The runtime did not take the variable; see the field marked above.');
    }
  };

  return (
    <FormDialog
      open={editing !== null}
      title={old ? `Edit ${old.name}` : 'Add variable'}
      submitLabel={old ? 'Save variable' : 'Add variable'}
      onClose={onClose}
      onSubmit={submit}
    >
      <TextField
        label="Name"
        value={f.name}
        error={errors.name}
        disabled={old !== null}
        placeholder="ERP_COMPANY"
        autoComplete="off"
        spellCheck={false}
        onChange={(v) => change('name', v.toUpperCase())}
      />
      <Field label="Value" error={errors.value}>
        {(control) => (
          <textarea
            {...control}
            rows={3}
            value={f.value}
            spellCheck={false}
            onChange={(e) => change('value', e.target.value)}
          />
        )}
      </Field>
      <TextField
        label="Description (optional)"
        value={f.description}
        error={errors.description}
        placeholder="What the value is for, and who to ask"
        onChange={(v) => change('description', v)}
      />
      <p className="muted">
        Expressions read it as <code>$env.{f.name.trim() || 'NAME'}</code>. Values are not secret: everyone signed in
        sees them and the audit log keeps each change. Put credentials in a connection.
      </p>
    </FormDialog>
  );
}
