/** What the config form's expression fields preview against; passed as the form library's formContext. */
export interface ExpressionContext {
  input: unknown;
  inputLabel: string;
  bindings: { trigger?: unknown; steps?: Record<string, unknown> };
}
