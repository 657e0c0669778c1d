/** The latest four-eyes decision on a published version. */
export interface ApprovalRow {
  flowId: string;
  version: number;
  decision: 'approved' | 'refused';
  byId: string;
  byName: string;
  at: number;
  reason: string | null;
}

/** Four-eyes decisions on versions, and the installation settings that steer them. */
export interface ApprovalStore {
  get(flowId: string, version: number): Promise<ApprovalRow | undefined>;
  /** Every decision on the flow's versions. */
  forFlow(flowId: string): Promise<ApprovalRow[]>;
  /** Records the decision, replacing an earlier one on the same version. */
  put(row: ApprovalRow): Promise<void>;
  /** An installation setting's JSON value; undefined when it was never set. */
  setting(key: string): Promise<unknown>;
  putSetting(key: string, value: unknown, at: number, by: string | null): Promise<void>;
}
