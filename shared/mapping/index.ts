export * from './model.ts';
export { generate, pathSegment, sourceText } from './generate.ts';
export { parse } from './parse.ts';
export { ruleAt, setRule, removeRule, sourceFor, absoluteSource, contextsAt } from './edit.ts';
export {
  targetFields,
  schemaFromExample,
  MAX_TARGET_FIELDS,
  unmappedRequired,
  type TargetField,
  type SchemaResolver,
} from './target.ts';
export { mappingFindings, targetName, MAPPER_META, type MappingFinding } from './check.ts';
