import type { RetryPolicy } from './retry-policy.ts';

/** The ports of a node: named inputs and outputs. */
export interface NodePortNames {
  inputs: string[];
  outputs: string[];
}

/** What the designer and validators learn about a node kind (GET /api/node-types). */
export interface NodeTypeInfo {
  type: string;
  typeVersion: number;
  title: string;
  category: string;
  description: string;
  trigger: string | null;
  /** Static ports; for kinds whose ports depend on config, the ports of an empty config. */
  ports: NodePortNames;
  dynamicPorts: boolean;
  /** With dynamicPorts: the config path ("*" for array items) whose strings name the outputs listed before `ports.outputs`. */
  portsFromConfig: string[] | null;
  configSchema: Record<string, unknown>;
  /** Config paths ("*" for array items) that always hold a JSONata expression. */
  expressionFields: string[][];
  retry: RetryPolicy;
}
