const ICONS: Record<string, string> = { trigger: '⚡', transform: '⇄', validate: '✓', control: '◇', connector: '⇆', code: '{}' };
const LABELS: Record<string, string> = { trigger: 'Triggers', transform: 'Transform', validate: 'Validate', control: 'Control', connector: 'Connectors', code: 'Code' };
const ORDER = ['trigger', 'transform', 'validate', 'control', 'connector', 'code'];

export const categoryIcon = (c: string) => ICONS[c] ?? '•';
export const categoryLabel = (c: string) => LABELS[c] ?? c[0].toUpperCase() + c.slice(1);
export const categoryRank = (c: string) => (ORDER.indexOf(c) + 1 || ORDER.length + 1);
