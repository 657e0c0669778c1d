/** One finding of the static check of a flow. Errors block publishing; warnings do not. */
export interface FlowProblem {
  severity: 'error' | 'warning';
  code:
    | 'schema'
    | 'duplicate_id'
    | 'unknown_type'
    | 'invalid_config'
    | 'expression_syntax'
    | 'dangling_edge'
    | 'unknown_port'
    | 'edge_into_trigger'
    | 'no_trigger'
    | 'unreachable'
    | 'cycle'
    | 'duplicate_webhook'
    | 'blocked_url'
    | 'url_path_concatenation'
    | 'unconnected_output';
  message: string;
  nodeId?: string;
  edgeId?: string;
  /** Path inside the definition or the node's config, e.g. "config.rules.0.expression". */
  path?: string;
  /** Character offset inside an expression. */
  position?: number;
}
