/** Keyboard shortcuts of the designer, listed in the help popover. */
export const SHORTCUTS: { keys: string; what: string }[] = [
  { keys: 'Ctrl+S', what: 'Save the draft' },
  { keys: 'Ctrl+Z', what: 'Undo' },
  { keys: 'Ctrl+Shift+Z', what: 'Redo' },
  { keys: 'Ctrl+C / Ctrl+V', what: 'Copy and paste the selected nodes' },
  { keys: 'Ctrl+A', what: 'Select every node' },
  { keys: 'Delete / Backspace', what: 'Delete the selection' },
  { keys: 'Shift+drag', what: 'Select several nodes with a box' },
  { keys: 'Ctrl+Enter', what: 'Test run on the chosen sample' },
  { keys: 'Enter (palette)', what: 'Add the focused node kind to the canvas' },
  { keys: '?', what: 'Show this list' },
];
