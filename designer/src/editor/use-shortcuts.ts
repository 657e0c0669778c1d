import { useEffect } from 'react';
import { useEditor } from './store.ts';

export function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return (
    !!el &&
    (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName) || !!el.closest?.('.cm-editor'))
  );
}

/** Editor-wide keys. Undo/redo and clipboard keys are left to text fields while one has focus. */
export function useEditorShortcuts(actions: { save(): void; testRun(): void }) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      if (!mod) return;
      const key = e.key.toLowerCase();
      const s = useEditor.getState();
      if (key === 's') {
        e.preventDefault();
        actions.save();
        return;
      }
      if (key === 'enter') {
        e.preventDefault();
        actions.testRun();
        return;
      }
      if (isTyping(e.target)) return;
      if (key === 'z' && e.shiftKey) s.redo();
      else if (key === 'z') s.undo();
      else if (key === 'y') s.redo();
      else if (key === 'c') s.copySelection();
      else if (key === 'v') s.paste();
      else if (key === 'a') s.select(s.nodes.map((n) => n.id));
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [actions]);
}
