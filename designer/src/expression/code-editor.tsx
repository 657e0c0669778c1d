import { useEffect, useLayoutEffect, useRef, type CSSProperties } from 'react';
import { Annotation, Compartment, EditorState, Transaction, type Extension } from '@codemirror/state';
import {
  EditorView,
  drawSelection,
  keymap,
  lineNumbers as lineNumberGutter,
  placeholder as placeholderText,
} from '@codemirror/view';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { bracketMatching, indentOnInput } from '@codemirror/language';
import { closeBrackets, closeBracketsKeymap } from '@codemirror/autocomplete';
import { lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import './expression.css';

export interface EditorDiagnostic {
  from: number;
  to: number;
  message: string;
}

export interface CodeEditorProps {
  value: string;
  onChange(value: string): void;
  /** Accessible name of the editable area. */
  ariaLabel: string;
  /** Language, completion and other extensions; keep the value stable (memoise it) to avoid reconfiguring. */
  extensions?: Extension;
  /** Errors to underline; positions are clamped to the text. */
  diagnostics?: readonly EditorDiagnostic[];
  /** CSS length or pixels. */
  minHeight?: number | string;
  readOnly?: boolean;
  lineNumbers?: boolean;
  placeholder?: string;
}

/** Marks transactions that carry a value set from outside, so they are not reported back. */
const External = Annotation.define<boolean>();

/** The app's Ctrl+Enter (test run) keeps working inside the editor. */
const keys = [...closeBracketsKeymap, ...defaultKeymap.filter((b) => b.key !== 'Mod-Enter'), ...historyKeymap];

function attributes(ariaLabel: string, readOnly: boolean): Extension {
  return [
    EditorView.contentAttributes.of({ 'aria-label': ariaLabel, ...(readOnly ? { 'aria-readonly': 'true' } : {}) }),
    EditorState.readOnly.of(readOnly),
    EditorView.editable.of(!readOnly),
  ];
}

function gutters(on: boolean, text: string | undefined): Extension {
  return [on ? [lineNumberGutter(), lintGutter()] : [], text ? placeholderText(text) : []];
}

/** The smallest change turning `from` into `to`, so the cursor outside it stays put. */
function minimalChange(from: string, to: string) {
  let start = 0;
  const max = Math.min(from.length, to.length);
  while (start < max && from.charCodeAt(start) === to.charCodeAt(start)) start++;
  let end = 0;
  while (end < max - start && from.charCodeAt(from.length - 1 - end) === to.charCodeAt(to.length - 1 - end)) end++;
  return { from: start, to: from.length - end, insert: to.slice(start, to.length - end) };
}

function toLint(diagnostics: readonly EditorDiagnostic[], length: number): Diagnostic[] {
  return diagnostics.map((d) => {
    let from = Math.max(0, Math.min(d.from, length));
    let to = Math.max(from, Math.min(d.to, length));
    if (from === to && length > 0) {
      if (to < length) to++;
      else from--;
    }
    return { from, to, severity: 'error', message: d.message };
  });
}

/** A CodeMirror 6 editor as a controlled React input. */
export function CodeEditor({
  value,
  onChange,
  ariaLabel,
  extensions = [],
  diagnostics,
  minHeight,
  readOnly = false,
  lineNumbers = false,
  placeholder,
}: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const viewRef = useRef<EditorView | null>(null);
  const onChangeRef = useRef(onChange);
  const slots = useRef({
    extensions: new Compartment(),
    attributes: new Compartment(),
    gutters: new Compartment(),
  }).current;

  useLayoutEffect(() => {
    onChangeRef.current = onChange;
  });

  // biome-ignore lint/correctness/useExhaustiveDependencies: the view is created once; the effects below keep it in step with the props
  useEffect(() => {
    const view = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: value,
        extensions: [
          history(),
          drawSelection(),
          indentOnInput(),
          bracketMatching(),
          closeBrackets(),
          EditorView.lineWrapping,
          keymap.of(keys),
          slots.gutters.of(gutters(lineNumbers, placeholder)),
          slots.attributes.of(attributes(ariaLabel, readOnly)),
          slots.extensions.of(extensions),
          EditorView.updateListener.of((update) => {
            if (update.docChanged && !update.transactions.some((tr) => tr.annotation(External)))
              onChangeRef.current(update.state.doc.toString());
          }),
        ],
      }),
    });
    viewRef.current = view;
    return () => {
      view.destroy();
      viewRef.current = null;
    };
  }, []);

  useEffect(() => {
    viewRef.current?.dispatch({ effects: slots.extensions.reconfigure(extensions) });
  }, [extensions, slots]);

  useEffect(() => {
    viewRef.current?.dispatch({ effects: slots.attributes.reconfigure(attributes(ariaLabel, readOnly)) });
  }, [ariaLabel, readOnly, slots]);

  useEffect(() => {
    viewRef.current?.dispatch({ effects: slots.gutters.reconfigure(gutters(lineNumbers, placeholder)) });
  }, [lineNumbers, placeholder, slots]);

  useEffect(() => {
    const view = viewRef.current;
    if (!view) return;
    const current = view.state.doc.toString();
    if (current !== value)
      view.dispatch({
        changes: minimalChange(current, value),
        annotations: [External.of(true), Transaction.addToHistory.of(false)],
      });
  }, [value]);

  useEffect(() => {
    const view = viewRef.current;
    if (!view) return;
    view.dispatch(setDiagnostics(view.state, toLint(diagnostics ?? [], view.state.doc.length)));
  }, [diagnostics]);

  const style =
    minHeight === undefined
      ? undefined
      : ({ '--code-editor-min-height': typeof minHeight === 'number' ? `${minHeight}px` : minHeight } as CSSProperties);
  return <div ref={host} className={readOnly ? 'code-editor code-editor-readonly' : 'code-editor'} style={style} />;
}
