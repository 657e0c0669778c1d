const ICONS: Record<string, string> = {
  trigger: '⚡',
  transform: '⇄',
  validate: '✓',
  control: '◇',
  connector: '⇆',
  code: '{}',
};
/** Kinds that share a category but do different things get their own mark. */
const KIND_ICONS: Record<string, string> = {
  'trigger.schedule': '◷',
  'trigger.manual': '▶',
  'control.switch': '⋔',
  'control.respond': '↩',
  'control.fail': '✕',
  'control.delay': '◔',
  'control.approval': '☑',
  'control.call': '↪',
  'control.loop': '↻',
  'lookup.write': '⊞',
  'csv.parse': '▤',
  'csv.build': '▦',
};
const LABELS: Record<string, string> = {
  trigger: 'Triggers',
  transform: 'Transform',
  validate: 'Validate',
  control: 'Control',
  connector: 'Connectors',
  code: 'Code',
};
const ORDER = ['trigger', 'transform', 'validate', 'control', 'connector', 'code'];

export const categoryIcon = (c: string) => ICONS[c] ?? '•';
export const kindIcon = (type: string, category: string) => KIND_ICONS[type] ?? categoryIcon(category);
export const categoryLabel = (c: string) => LABELS[c] ?? c[0].toUpperCase() + c.slice(1);
export const categoryRank = (c: string) => ORDER.indexOf(c) + 1 || ORDER.length + 1;
